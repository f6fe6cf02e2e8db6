public import DriftwatchCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `driftwatch replay`: the pipeline over files instead of Kafka. Events are partition 0 of the
/// predictions topic with offsets = line index (0-based); labels, if any, are partition 0 of the
/// labels topic, fed after the first prediction whose event time reaches theirs, so a replay is
/// deterministic. Windows still open at the end are dropped, as `run` would leave them open.
public enum Replay {
    /// Splits a JSON Lines file into lines (without their "\n" or a trailing "\r"); a final
    /// newline does not start another line.
    public static func lines(_ data: [UInt8]) -> [Range<Int>] {
        data.withUnsafeBytes { lines($0) }
    }

    public static func lines(_ data: UnsafeRawBufferPointer) -> [Range<Int>] {
        var result: [Range<Int>] = []
        forEachLine(data) { _, line in result.append(line) }
        return result
    }

    /// Calls `body` with the index and byte range of each line (without its "\n" or a trailing
    /// "\r"), in order; a final newline does not start another line. The one line splitter of
    /// replay: memchr finds each end, and no line table is materialised.
    @inline(__always)
    public static func forEachLine(
        _ data: UnsafeRawBufferPointer, _ body: (_ index: Int, _ line: Range<Int>) throws -> Void
    ) rethrows {
        var index = 0
        var start = 0
        let count = data.count
        while start < count {
            let end = nextNewline(data, from: start)
            var stop = end
            if stop > start && data[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(index, start..<stop)
            index += 1
            start = end + 1
        }
    }

    /// Runs the pipeline over `events` (and `labels`) and returns the counters; every output
    /// went to `driver.sink`. `progress`, when given, is called on this thread every 4,096 events
    /// with the number done and the total (and once at the end), for a progress line.
    public static func run(
        driver: PipelineDriver, events: [UInt8], labels: [UInt8]?, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ProcessorCounters {
        try events.withUnsafeBytes { e in
            if let labels {
                return try labels.withUnsafeBytes { l in try run(driver: driver, events: e, labels: l, progress: progress) }
            }
            return try run(driver: driver, events: e, labels: nil, progress: progress)
        }
    }

    /// The same over raw bytes (a memory-mapped file: memory stays bounded by the windows).
    public static func run(
        driver: PipelineDriver, events: UnsafeRawBufferPointer, labels: UnsafeRawBufferPointer?,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> ProcessorCounters {
        // The total for progress lines: one cheap pass counting lines, only when asked.
        var total = 0
        if progress != nil {
            var at = nextNewline(events, from: 0)
            while at < events.count {
                total += 1
                at = nextNewline(events, from: at + 1)
            }
            if let last = events.last, last != UInt8(ascii: "\n") { total += 1 }
        }
        let labelLines = labels.map(lines) ?? []
        // Label event times, read with a decoder of their own (bad labels: at once).
        var labelTimes: [Double] = []
        if let labels {
            let decoder = EventDecoder()
            var label = LabelEvent()
            for r in labelLines {
                do {
                    try decoder.decodeLabel(UnsafeRawBufferPointer(rebasing: labels[r]), into: &label)
                    labelTimes.append(label.timestampMs ?? -.infinity)
                } catch {
                    labelTimes.append(-.infinity)
                }
            }
        }
        var nextLabel = 0
        let processor = driver.processor(for: 0)
        func feedLabels(upTo now: Double) throws {
            guard let labels else { return }
            while nextLabel < labelLines.count && labelTimes[nextLabel] <= now {
                try driver.process(
                    source: .labels, partition: 0, offset: Int64(nextLabel), timestampMs: nil, key: nil,
                    value: UnsafeRawBufferPointer(rebasing: labels[labelLines[nextLabel]]))
                nextLabel += 1
            }
        }
        var lineCount = 0
        try forEachLine(events) { index, line in
            try driver.process(
                source: .predictions, partition: 0, offset: Int64(index), timestampMs: nil, key: nil,
                value: UnsafeRawBufferPointer(rebasing: events[line]))
            try feedLabels(upTo: processor.lastEventTimeMs)
            if index & 1023 == 0 { driver.applyAcknowledgements() }
            if index & 4095 == 0 { progress?(index, total) }
            lineCount = index + 1
        }
        let index = lineCount
        try feedLabels(upTo: .infinity)
        try driver.sink.flush(timeoutMs: 10_000)
        driver.applyAcknowledgements()
        progress?(index, total)
        return driver.counters
    }

    /// Index of the first "\n" at or after `start`, or `data.count` when there is none.
    @inline(__always)
    static func nextNewline(_ data: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = data.baseAddress, start < data.count else { return data.count }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), data.count - start) else { return data.count }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
