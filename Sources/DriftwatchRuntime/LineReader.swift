#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a JSON Lines input, handed out in place: from a buffer already in memory, or
/// read from a file descriptor (a file, a pipe, standard input) in chunks, so memory stays
/// bounded by the chunk and the longest line, never the input's size. "\n" ends a line, a
/// trailing "\r" is dropped, and a final newline does not start another line.
public struct LineReader {
    private enum Source {
        case buffer(UnsafeRawBufferPointer)
        case descriptor(Int32)
    }

    private let source: Source

    public init(buffer: UnsafeRawBufferPointer) { source = .buffer(buffer) }

    /// Reads `descriptor` until end of file; the caller opens and closes it.
    public init(descriptor: Int32) { source = .descriptor(descriptor) }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Calls `body` with every line in order.
    public func forEachLine(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch source {
        case .buffer(let data):
            try Self.forEachLine(in: data) { try body(UnsafeRawBufferPointer(rebasing: data[$0])) }
        case .descriptor(let fd):
            try Self.forEachLine(descriptor: fd, body)
        }
    }

    /// Ranges of the lines of `data`, found with memchr.
    static func forEachLine(in data: UnsafeRawBufferPointer, _ body: (Range<Int>) throws -> Void) rethrows {
        var start = 0
        let count = data.count
        while start < count {
            let end = nextNewline(data, from: start)
            var stop = end
            if stop > start && data[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(start..<stop)
            start = end + 1
        }
    }

    private static func forEachLine(descriptor fd: Int32, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let chunk = 1 << 22
        var buffer = [UInt8](repeating: 0, count: chunk)
        var filled = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(description: "Reading the input failed: \(String(cString: strerror(errno))).")
            }
            let end = filled + got
            let consumed = try buffer.withUnsafeBytes { raw -> Int in
                let data = UnsafeRawBufferPointer(rebasing: raw[0..<end])
                var start = 0
                while start < end {
                    let newline = nextNewline(data, from: start)
                    if newline == end && got > 0 { break }  // an unfinished line: read more first
                    var stop = newline
                    if stop > start && data[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                    try body(UnsafeRawBufferPointer(rebasing: data[start..<stop]))
                    start = newline + 1
                }
                return min(start, end)
            }
            if got == 0 { return }
            // Keep the unfinished line at the front.
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    memmove(base, base + consumed, end - consumed)
                }
            }
            filled = end - consumed
        }
    }

    /// Index of the first "\n" at or after `start`, or `data.count` when there is none.
    @inline(__always)
    static func nextNewline(_ data: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = data.baseAddress, start < data.count else { return data.count }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), data.count - start) else { return data.count }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
