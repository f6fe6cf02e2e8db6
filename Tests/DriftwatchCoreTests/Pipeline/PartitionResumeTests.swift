import Testing
@testable import DriftwatchCore

/// A partition's next owner continues the same windows (SPEC section 4): restarted from the
/// committed offset with the committed window state, it publishes only byte-identical copies of
/// what an uninterrupted run publishes, and together with what the first owner got acknowledged,
/// everything the uninterrupted run publishes.
@Suite struct PartitionResumeTests {
    /// Two models sharing the partition at different rates, so their windows interleave and
    /// the committed offset (the oldest open window) lies before the other model's window start.
    static func stream(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = seed
        return (0..<count).map { i in
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let model = (rng >> 33) % 3 == 0 ? "b" : "a"
            return PartitionProcessorTests.event(i, model: model)
        }
    }

    func run(_ p: PartitionProcessor, _ events: [[UInt8]], from: Int, to: Int) -> [OutputMessage] {
        var out: [OutputMessage] = []
        for i in from..<to {
            events[i].withUnsafeBytes { p.processPrediction(offset: Int64(i), timestampMs: nil, key: nil, value: $0, out: &out) }
        }
        return out
    }

    @Test(arguments: [(UInt64(1), 37), (UInt64(2), 61), (UInt64(3), 90)])
    func restartFromTheCommitRepublishesIdenticalWindows(seed: UInt64, crashAt: Int) throws {
        let events = Self.stream(count: 120, seed: seed)
        let context = PartitionProcessorTests.context(size: 7)
        let reference = run(PartitionProcessor(partition: 2, instance: 0, context: context), events, from: 0, to: events.count)
        let expected = Set(reference.map(\.value))
        #expect(expected.count == reference.count, "ids are unique in one run")

        // First owner: processes up to the crash; the outputs of its last two groups never
        // get their delivery reports (lost in flight).
        let first = PartitionProcessor(partition: 2, instance: 0, context: context)
        let sent = run(first, events, from: 0, to: crashAt)
        let groups = Set(sent.map(\.token.group)).sorted()
        let lost = Set(groups.suffix(2))
        let delivered = sent.filter { !lost.contains($0.token.group) }
        for m in delivered { first.acknowledge(m.token) }
        let committed = try #require(first.safeOffset(source: .predictions))
        let metadata = first.windowState().encoded

        // Next owner: restores the state from the commit metadata and resumes at the commit.
        let second = PartitionProcessor(partition: 2, instance: 1, context: context)
        second.restore(try #require(try PartitionWindowState(encoded: metadata)))
        let again = run(second, events, from: Int(committed), to: events.count)

        let extra = again.filter { !expected.contains($0.value) }.count
        #expect(extra == 0, "every republished message is byte-identical to the uninterrupted run's")
        let seen = Set(delivered.map(\.value)).union(again.map(\.value))
        let missing = expected.subtracting(seen).count
        #expect(missing == 0, "nothing lost")
        #expect(second.counters.skipped > 0 || committed == Int64(crashAt), "events of published windows were skipped")
    }

    @Test func windowStateRoundTripsAndRejectsForeignMetadata() throws {
        let state = PartitionWindowState(models: [
            "fraud-detector": .init(nextIndex: 3, resumeOffset: 20_000),
            "a \"quoted\" model": .init(nextIndex: 0, resumeOffset: 7),
        ])
        #expect(try PartitionWindowState(encoded: state.encoded) == state)
        #expect(try PartitionWindowState(encoded: "") == nil)
        #expect(throws: DecodeFailure.self) { try PartitionWindowState(encoded: "not json") }
        #expect(throws: DecodeFailure.self) { try PartitionWindowState(encoded: #"{"v":99,"m":{}}"#) }
    }
}

/// SPEC section 2: at the end of a replay's input, open windows are analysed and marked partial.
@Suite struct PartitionFlushTests {
    @Test func flushClosesOpenWindowsAsPartialOldestFirst() throws {
        let p = PartitionProcessor(partition: 0, instance: 0, context: PartitionProcessorTests.context(size: 10))
        var out: [OutputMessage] = []
        for i in 0..<12 {
            PartitionProcessorTests.event(i, model: i % 4 == 3 ? "b" : "a").withUnsafeBytes {
                p.processPrediction(offset: Int64(i), timestampMs: nil, key: nil, value: $0, out: &out)
            }
        }
        #expect(p.counters.windowsClosed == 0)
        p.flushOpenWindows(out: &out)
        #expect(p.counters.windowsClosed == 2)
        let windows = try out.filter { if case .report = $0.payload { true } else { false } }
            .map { try JSONValue.parse($0.value)["window"] }
        #expect(windows.map { $0?["partial"] } == [.bool(true), .bool(true)])
        #expect(windows.map { $0?["start_offset"]?.doubleValue } == [0, 3], "oldest window first")
        #expect(windows.map { $0?["events"]?.doubleValue } == [9, 3])
        for m in out { p.acknowledge(m.token) }
        #expect(p.safeOffset(source: .predictions) == 12)
    }
}
