import Testing
@testable import DriftwatchCore

@Suite struct PartitionProcessorTests {
    static func context(size: Int = 4, minEvents: Int = 2, reports: Bool = true) -> PipelineContext {
        var config = DriftwatchConfig()
        config.window.size = size
        config.window.minEvents = minEvents
        if !reports { config.topics.reports = nil }
        return PipelineContext(config: config, models: [:])
    }

    static func event(_ i: Int, model: String = "m") -> [UInt8] {
        Array(#"{"event_id":"e\#(i)","model_id":"\#(model)","timestamp":\#(1_000 + i),"features":{"x":\#(i)},"prediction":1,"latency_ms":5}"#.utf8)
    }

    func feed(_ p: PartitionProcessor, _ offset: Int, _ value: [UInt8]?, _ out: inout [OutputMessage]) {
        if let value {
            value.withUnsafeBytes { p.processPrediction(offset: Int64(offset), timestampMs: nil, key: nil, value: $0, out: &out) }
        } else {
            p.processPrediction(offset: Int64(offset), timestampMs: nil, key: nil, value: nil, out: &out)
        }
    }

    @Test func badMessagesAreDeadLetteredWithHeadersAndHoldTheirOffset() throws {
        let p = PartitionProcessor(partition: 3, instance: 0, context: Self.context())
        var out: [OutputMessage] = []
        feed(p, 0, Self.event(0), &out)
        feed(p, 1, Array(#"{"event_id":"x""#.utf8), &out)
        feed(p, 2, nil, &out)
        feed(p, 3, [], &out)
        #expect(out.count == 3)
        #expect(p.counters.deadLettered == 3 && p.counters.events == 1)
        let first = try #require(out.first)
        #expect(first.topic == "driftwatch-dead-letter")
        let headers = Dictionary(uniqueKeysWithValues: first.headers.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) })
        #expect(headers["source.topic"] == "predictions")
        #expect(headers["source.partition"] == "3")
        #expect(headers["source.offset"] == "1")
        #expect(headers["error"]?.isEmpty == false)
        #expect(out[1].headers.first { $0.name == "error" }.map { String(decoding: $0.value, as: UTF8.self) } == "null message value")
        // Open window starts at 0: nothing may be committed yet.
        #expect(p.safeOffset(source: .predictions) == 0)
    }

    @Test func closedWindowOutputsHoldCommitsUntilAcknowledged() throws {
        let p = PartitionProcessor(partition: 0, instance: 7, context: Self.context(size: 4))
        var out: [OutputMessage] = []
        for i in 0..<6 { feed(p, i, Self.event(i), &out) }
        // One window closed (offsets 0-3): its report(s), no reference so only the system logger.
        #expect(p.counters.windowsClosed == 1)
        #expect(!out.isEmpty)
        #expect(out.allSatisfy { $0.token.processor == 7 })
        #expect(p.safeOffset(source: .predictions) == 0)
        for m in out { p.acknowledge(m.token) }
        #expect(p.safeOffset(source: .predictions) == 4, "the next window (4-5) is still open")
        let report = try JSONValue.parse(out[0].value)
        #expect(report["stage"]?.stringValue == "system_logger")
        #expect(report["window"]?["end_offset"]?.doubleValue == 3)
        #expect(report["window"]?["start_time"]?.stringValue == "1970-01-01T00:00:01.000Z")
        p.dropOpenState()
        #expect(p.safeOffset(source: .predictions) == 6)
    }

    @Test func withoutReportsEveryWindowStillHandsItsSummaryToTheModelStage() {
        let p = PartitionProcessor(partition: 0, instance: 0, context: Self.context(size: 2, reports: false))
        var out: [OutputMessage] = []
        for i in 0..<4 { feed(p, i, Self.event(i), &out) }
        #expect(out.count == 2)
        #expect(out.allSatisfy { if case .summary = $0.payload { $0.topic == "driftwatch-window-summaries" } else { false } })
        #expect(p.counters.windowsClosed == 2 && p.counters.summaries == 2)
        #expect(p.safeOffset(source: .predictions) == 0, "a summary holds its window until acknowledged")
        for m in out { p.acknowledge(m.token) }
        #expect(p.safeOffset(source: .predictions) == 4)
    }
}
