#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc keeps freed memory for reuse; for the worker's big, short-lived blocks that
/// costs about a third of its peak RSS (issue 11). `bench pipeline`, 1M events on 40 partitions:
/// 185 MiB peak with glibc's defaults, 133 MiB with every block ≥ 64 KiB mapped on its own.
///
/// The blocks: a window's columns (`WindowBuffer` reserves `window.size` doubles per column,
/// 80 KB at the default 10,000) and librdkafka's decompressed fetch batches (about 1 MB each).
/// glibc maps blocks above `M_MMAP_THRESHOLD` with their own `mmap` and returns them on free,
/// but by default raises that threshold to the largest block freed so far (up to 32 MiB), after
/// which such blocks come from the heap: a closed window's columns are then reused dirty, so
/// every open window costs its full capacity even when nearly empty, and heap holes remain.
/// A fixed threshold (which also stops the raising) keeps untouched capacity unresident and
/// hands each freed block back. Costs one mmap/munmap pair per block (a few thousand per
/// million events; no measurable time).
enum HeapTuning {
    /// Blocks of at least this many bytes get their own mapping.
    static let mmapThreshold: Int32 = 64 * 1024

    /// `M_MMAP_THRESHOLD` of glibc's malloc.h (which Swift's Glibc module does not import).
    private static let mMmapThreshold: Int32 = -3

    /// Applies the threshold to this process (glibc only; elsewhere nothing). Idempotent.
    /// If the kernel refuses a mapping (`vm.max_map_count`), glibc falls back to its heap.
    static func apply() {
        #if canImport(Glibc)
        // Looked up at run time: malloc.h's `mallopt` is not in Swift's Glibc module either.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mMmapThreshold, mmapThreshold)
        #endif
    }
}
