public import DriftwatchCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `driftwatch replay`: the pipeline over files instead of Kafka, both stages as `run` runs them.
///
/// Event line i goes to partition i mod N of the predictions topic at offset i / N (N =
/// `partitions`, default 1); label line j likewise to the labels topic, fed after the first
/// prediction whose event time reaches the label's, so a replay is deterministic. The partition
/// stage's summaries go to the driver's in-process model stage, which merges the partitions as
/// `run`'s does. At the end, open windows are analysed as partial (SPEC section 2) unless
/// `flush` is false, which leaves them open as `run` would.
public enum Replay {
    public struct Options: Sendable {
        public var partitions: Int32 = 1
        public var flush = true
        public init(partitions: Int32 = 1, flush: Bool = true) {
            self.partitions = max(1, partitions)
            self.flush = flush
        }
    }

    /// Splits a JSON Lines buffer into lines (without their "\n" or a trailing "\r"); a final
    /// newline does not start another line.
    public static func lines(_ data: [UInt8]) -> [Range<Int>] {
        data.withUnsafeBytes { lines($0) }
    }

    public static func lines(_ data: UnsafeRawBufferPointer) -> [Range<Int>] {
        var result: [Range<Int>] = []
        LineReader.forEachLine(in: data) { result.append($0) }
        return result
    }

    /// Runs the pipeline over `events` (and `labels`) held in memory.
    public static func run(
        driver: PipelineDriver, events: [UInt8], labels: [UInt8]?, options: Options = Options(),
        progress: ((Int) -> Void)? = nil
    ) throws -> ProcessorCounters {
        try events.withUnsafeBytes { e in
            try run(driver: driver, events: LineReader(buffer: e), labels: labels, options: options, progress: progress)
        }
    }

    /// Runs the pipeline over the lines of `events` (a file or standard input, read in chunks:
    /// memory is bounded by the windows, not the input) and `labels`; returns the counters.
    /// Every output went to `driver.sink`. `progress` is called every 4,096 events with the count.
    public static func run(
        driver: PipelineDriver, events: LineReader, labels: [UInt8]?, options: Options = Options(),
        progress: ((Int) -> Void)? = nil
    ) throws -> ProcessorCounters {
        let n = Int(options.partitions)
        var labelFeed = try labels.map { try LabelFeed(labels: $0, partitions: n) }
        var index = 0
        try events.forEachLine { line in
            let partition = Int32(index % n)
            try driver.process(
                source: .predictions, partition: partition, offset: Int64(index / n), timestampMs: nil, key: nil,
                value: line)
            if labelFeed != nil {
                try labelFeed!.feed(driver, upTo: driver.processor(for: partition).lastEventTimeMs)
            }
            if index & 1023 == 0 { try driver.applyAcknowledgements() }
            if index & 4095 == 0 { progress?(index) }
            index += 1
        }
        try labelFeed?.feed(driver, upTo: .infinity)
        // Every partition exists, even one the input was too short to reach (the model stage
        // waits for all N partitions, as in `run`).
        for p in 0..<options.partitions { _ = driver.processor(for: p) }
        try driver.applyAcknowledgements()
        if options.flush { try driver.flushOpenWindows() }
        try driver.sink.flush(timeoutMs: 10_000)
        try driver.applyAcknowledgements()
        progress?(index)
        return driver.counters
    }

    /// Delayed labels in event-time order of arrival: line j is partition j mod N, offset j / N.
    struct LabelFeed {
        let labels: [UInt8]
        let lines: [Range<Int>]
        let times: [Double]
        let partitions: Int
        var next = 0

        init(labels: [UInt8], partitions: Int) throws {
            self.labels = labels
            self.partitions = partitions
            let lines = Replay.lines(labels)
            self.lines = lines
            // Label event times, read with a decoder of their own (bad labels: at once).
            let decoder = EventDecoder()
            var label = LabelEvent()
            var times: [Double] = []
            labels.withUnsafeBytes { bytes in
                for r in lines {
                    do {
                        try decoder.decodeLabel(UnsafeRawBufferPointer(rebasing: bytes[r]), into: &label)
                        times.append(label.timestampMs ?? -.infinity)
                    } catch {
                        times.append(-.infinity)
                    }
                }
            }
            self.times = times
        }

        mutating func feed(_ driver: PipelineDriver, upTo now: Double) throws {
            while next < lines.count && times[next] <= now {
                let j = next
                try labels.withUnsafeBytes { bytes in
                    try driver.process(
                        source: .labels, partition: Int32(j % partitions), offset: Int64(j / partitions),
                        timestampMs: nil, key: nil, value: UnsafeRawBufferPointer(rebasing: bytes[lines[j]]))
                }
                next += 1
            }
        }
    }
}
