import Foundation
#if canImport(Glibc)
import CGlibcMalloc
import Glibc
#endif

/// This process's memory as the kernel and glibc's malloc count it (issue 11), read in a few
/// tens of microseconds: `/proc/self/status` for resident memory, `mallinfo2()` for the heap.
/// Sampled by the worker at most once a second (`MemorySampler`). Zero where unavailable.
public struct ProcessMemory: Sendable, Equatable {
    /// `VmRSS`: resident now.
    public var rssBytes = 0
    /// `VmHWM`: the most ever resident (the peak RSS the benchmark reports).
    public var peakRSSBytes = 0
    /// `RssAnon`: resident anonymous memory (heap, thread stacks, other private mappings).
    public var anonymousBytes = 0
    /// `RssFile`: resident file-backed pages (the binary's and shared libraries' text and data).
    public var fileBytes = 0
    /// Heap in use: malloc's allocated chunks (`uordblks`) plus its own-mapped blocks (`hblkhd`).
    public var heapInUseBytes = 0
    /// Of which blocks of 64 KiB or more, each in its own mapping (`hblkhd`; see `HeapTuning`).
    public var heapMappedBytes = 0
    /// Free chunks malloc keeps in its arenas (`fordblks`; resident or not).
    public var heapFreeBytes = 0

    public init() {}

    /// The numbers now.
    public static func current() -> ProcessMemory {
        var m = ProcessMemory()
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            m.read(status: status)
        }
        #if canImport(Glibc)
        let info = mallinfo2()
        m.heapInUseBytes = Int(info.uordblks) + Int(info.hblkhd)
        m.heapMappedBytes = Int(info.hblkhd)
        m.heapFreeBytes = Int(info.fordblks)
        #endif
        return m
    }

    /// Reads the kB fields of a `/proc/<pid>/status` text.
    mutating func read(status: String) {
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kB = Int(fields[1]) else { continue }
            switch fields[0] {
            case "VmRSS:": rssBytes = kB * 1024
            case "VmHWM:": peakRSSBytes = kB * 1024
            case "RssAnon:": anonymousBytes = kB * 1024
            case "RssFile:": fileBytes = kB * 1024
            default: break
            }
        }
    }
}
