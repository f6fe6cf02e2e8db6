public import DriftwatchCore

/// `driftwatch replay`: the pipeline over files instead of Kafka. Events are partition 0 of the
/// predictions topic with offsets = line index (0-based); labels, if any, are partition 0 of the
/// labels topic, fed after the first prediction whose event time reaches theirs, so a replay is
/// deterministic. Windows still open at the end are dropped, as `run` would leave them open.
public enum Replay {
    /// Splits a JSON Lines file into lines (without their "\n" or a trailing "\r"); a final
    /// newline does not start another line.
    public static func lines(_ data: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for i in data.indices where data[i] == UInt8(ascii: "\n") {
            var end = i
            if end > start && data[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            result.append(start..<end)
            start = i + 1
        }
        if start < data.count { result.append(start..<data.count) }
        return result
    }

    /// Runs the pipeline over `events` (and `labels`) and returns the counters; every output
    /// went to `driver.sink`.
    /// `progress`, when given, is called on this thread every 4,096 events with the number done
    /// and the total (and once at the end), for a progress line on a terminal.
    public static func run(
        driver: PipelineDriver, events: [UInt8], labels: [UInt8]?, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ProcessorCounters {
        let eventLines = lines(events)
        let labelLines = labels.map(lines) ?? []
        // Label event times, read with a decoder of their own (bad labels: at once).
        var labelTimes: [Double] = []
        if let labels {
            let decoder = EventDecoder()
            var label = LabelEvent()
            labels.withUnsafeBytes { raw in
                for r in labelLines {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[r])
                    do {
                        try decoder.decodeLabel(slice, into: &label)
                        labelTimes.append(label.timestampMs ?? -.infinity)
                    } catch {
                        labelTimes.append(-.infinity)
                    }
                }
            }
        }
        var nextLabel = 0
        let processor = driver.processor(for: 0)
        try events.withUnsafeBytes { eventBytes in
            try (labels ?? []).withUnsafeBytes { labelBytes in
                for (index, r) in eventLines.enumerated() {
                    try driver.process(
                        isLabel: false, partition: 0, offset: Int64(index), timestampMs: nil, key: nil,
                        value: UnsafeRawBufferPointer(rebasing: eventBytes[r]))
                    let now = processor.lastEventTimeMs
                    while nextLabel < labelLines.count && labelTimes[nextLabel] <= now {
                        try driver.process(
                            isLabel: true, partition: 0, offset: Int64(nextLabel), timestampMs: nil, key: nil,
                            value: UnsafeRawBufferPointer(rebasing: labelBytes[labelLines[nextLabel]]))
                        nextLabel += 1
                    }
                    if index & 1023 == 0 { driver.applyAcknowledgements() }
                    if index & 4095 == 0 { progress?(index, eventLines.count) }
                }
                while nextLabel < labelLines.count {
                    try driver.process(
                        isLabel: true, partition: 0, offset: Int64(nextLabel), timestampMs: nil, key: nil,
                        value: UnsafeRawBufferPointer(rebasing: labelBytes[labelLines[nextLabel]]))
                    nextLabel += 1
                }
            }
        }
        try driver.sink.flush(timeoutMs: 10_000)
        driver.applyAcknowledgements()
        progress?(eventLines.count, eventLines.count)
        return driver.counters
    }
}
