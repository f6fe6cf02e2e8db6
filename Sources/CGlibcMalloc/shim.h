#ifndef DRIFTWATCH_CGLIBCMALLOC_SHIM_H
#define DRIFTWATCH_CGLIBCMALLOC_SHIM_H
/* glibc's malloc.h (mallinfo2, mallopt), which Swift's Glibc module does not import. Empty
 * elsewhere: the memory breakdown then has no heap numbers. */
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif
