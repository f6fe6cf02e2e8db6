import DriftwatchCore
import Foundation
@testable import DriftwatchRuntime
import Testing

/// Performance windows survive a restart (SPEC section 4): the next owner of a partition,
/// restored from the commit metadata and re-reading both topics from their committed offsets,
/// republishes only byte-identical copies of the uninterrupted run's performance reports and
/// summaries, and together with what the first owner got acknowledged, all of them.
@Suite struct DelayedLabelsResumeTests {
    typealias H = ReplayHarness

    enum Message { case prediction(Int64, [UInt8]), label(Int64, [UInt8]) }

    /// Labelled events of two models (every third is model "b", so the models' performance
    /// windows interleave and one model's open window holds the labels commit back below the
    /// other's published pairs) interleaved with their labels: every 5th label before its
    /// prediction, every 11th never (its prediction waits in the join and holds the predictions
    /// commit back, so a restart re-reads predictions whose pairs were published), the rest
    /// 1-21 messages after it.
    static func stream() throws -> [Message] {
        let data = try ReplayDelayedLabelsTests.labelled(count: 6_000)
        func modelB(_ line: [UInt8]) -> [UInt8] {
            Array(String(decoding: line, as: UTF8.self)
                .replacingOccurrences(of: #""model_id":"\#(H.model)""#, with: #""model_id":"b""#).utf8)
        }
        let events = Replay.lines(data.events).enumerated().map { $0 % 3 == 1 ? modelB(Array(data.events[$1])) : Array(data.events[$1]) }
        let labels = Replay.lines(data.labels).enumerated().map { $0 % 3 == 1 ? modelB(Array(data.labels[$1])) : Array(data.labels[$1]) }
        var slots: [[Int]] = Array(repeating: [], count: events.count + 40)
        for j in labels.indices where j % 11 != 0 {
            slots[j % 5 == 0 ? j : j + 1 + (j * 7) % 21].append(j)
        }
        var messages: [Message] = []
        var labelOffset: Int64 = 0
        for i in 0..<slots.count {
            // Labels in slot i come before event i (early for j == i, late otherwise).
            for j in slots[i] {
                messages.append(.label(labelOffset, labels[j]))
                labelOffset += 1
            }
            if i < events.count { messages.append(.prediction(Int64(i), events[i])) }
        }
        return messages
    }

    static func context() -> PipelineContext {
        var config = H.config(windowSize: 250, minEvents: 50)
        config.topics.labels = "labels"
        config.models["b"] = DriftwatchConfig.Model(reference: "in-memory")
        return PipelineContext(config: config, references: [H.model: H.reference, "b": H.reference])
    }

    func run(_ p: PartitionProcessor, _ messages: some Sequence<Message>) -> [OutputMessage] {
        var out: [OutputMessage] = []
        for m in messages {
            switch m {
            case .prediction(let o, let v):
                v.withUnsafeBytes { p.processPrediction(offset: o, timestampMs: nil, key: nil, value: $0, out: &out) }
            case .label(let o, let v):
                v.withUnsafeBytes { p.processLabel(offset: o, timestampMs: nil, key: nil, value: $0, out: &out) }
            }
        }
        return out
    }

    static func isPerformance(_ m: OutputMessage) -> Bool {
        switch m.payload {
        case .report(let r): r.stage == .performance
        case .summary(let s): s.isPerformance
        default: false
        }
    }

    /// Five crash points across the stream, each with its last two output groups lost.
    @Test func restartMidStreamRepublishesByteIdenticalPerformanceOutputs() throws {
        let messages = try Self.stream()
        let context = Self.context()
        let reference = run(PartitionProcessor(partition: 0, instance: 0, context: context), messages)
        let expected = Set(reference.map(\.value))
        let performance = reference.filter(Self.isPerformance)
        #expect(performance.count >= 12, "performance reports and summaries were published")
        var skipped = 0
        for crashAt in [700, 1_300, 1_900, 2_500, 3_100] {
            // First owner: up to the crash; the outputs of its last two groups are lost in flight.
            let first = PartitionProcessor(partition: 0, instance: 0, context: context)
            let sent = run(first, messages.prefix(crashAt))
            let lost = Set(Set(sent.map(\.token.group)).sorted().suffix(2))
            let delivered = sent.filter { !lost.contains($0.token.group) }
            for m in delivered { first.acknowledge(m.token) }
            let committedP = try #require(first.safeOffset(source: .predictions))
            let committedL = try #require(first.safeOffset(source: .labels))
            let metadata = first.windowState().encoded
            #expect(metadata.contains(#""p":{"b":["#) && metadata.contains(#""\#(H.model)":["#),
                    "performance boundaries in the commit metadata: \(metadata)")

            // Next owner: restores, then re-reads each topic from its committed offset (same order).
            let second = PartitionProcessor(partition: 0, instance: 1, context: context)
            second.restore(try #require(try PartitionWindowState(encoded: metadata)))
            let again = run(second, messages.filter {
                switch $0 {
                case .prediction(let o, _): o >= committedP
                case .label(let o, _): o >= committedL
                }
            })
            let extra = again.filter { !expected.contains($0.value) }
            let firstExtra = extra.first.map { String(decoding: $0.value, as: UTF8.self).prefix(300) } ?? ""
            #expect(extra.count == 0, "crash at \(crashAt): republished outputs are byte-identical: \(firstExtra)")
            let seen = Set(delivered.map(\.value)).union(again.map(\.value))
            let lostPerformance = performance.filter { !seen.contains($0.value) }.count
            #expect(lostPerformance == 0, "crash at \(crashAt): no performance window lost")
            let lostAny = expected.subtracting(seen).count
            #expect(lostAny == 0, "crash at \(crashAt): nothing lost")
            skipped += second.counters.skippedPairs
        }
        #expect(skipped > 0, "pairs of published performance windows were re-formed and skipped")
    }

    @Test func olderMetadataWithoutPerformanceStillRestoresFeatureWindows() throws {
        let old = #"{"v":1,"m":{"fraud-detector":[3,1200]}}"#
        let state = try #require(try PartitionWindowState(encoded: old))
        #expect(state.models["fraud-detector"] == .init(nextIndex: 3, resumeOffset: 1_200))
        #expect(state.performance.isEmpty)
        #expect(state.encoded == old, "no performance state: the same bytes as before")
        var both = state
        both.performance["fraud-detector"] = .init(nextIndex: 2, predictionOffset: 900, labelOffset: 310)
        #expect(try PartitionWindowState(encoded: both.encoded) == both)
    }

    @Test func modelStateKeepsPerformanceWindowsAndOlderStatesStillRead() throws {
        var state = ModelState(modelID: "m", windowIndex: 4, nextExpected: [0: 5, 1: 4])
        let plain = state.jsonBytes
        #expect(!String(decoding: plain, as: UTF8.self).contains("performance"), "unchanged without performance windows")
        #expect(try ModelState(jsonBytes: plain) == state)
        state.performance = .init(
            windowIndex: 2, nextExpected: [0: 3, 1: 2], excluded: [1],
            trend: ModelTrendHistory(points: [.init(window: 1, values: [.performanceDegradation: 0.2])]))
        #expect(try ModelState(jsonBytes: state.jsonBytes) == state)
    }
}

/// The model stage's performance windows survive a restart: restored from the last state
/// records and fed the summaries again from its safe position, it publishes exactly what an
/// uninterrupted model stage publishes after the crash (feature and performance windows alike).
@Suite struct ModelStagePerformanceRestoreTests {
    @Test func outputsAfterARestoreEqualAnUninterruptedRun() throws {
        let (events, labels, _) = try ReplayDelayedLabelsTests.labelled(count: 40_000, flip: { $0 >= 6_000 })
        var config = ReplayHarness.config(windowSize: 3_000, cooldownSeconds: 0, retrainCooldownSeconds: 86_400)
        config.topics.labels = "labels"
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference], partitionCount: 4)
        // The partition stage alone (no in-process model stage): its summaries, in publish order.
        let acks = AckQueue()
        let sink = RecordingSink(acks: acks)
        let driver = PipelineDriver(context: context, sink: sink, acks: acks)
        _ = try Replay.run(driver: driver, events: events, labels: labels, options: .init(partitions: 4, flush: true))
        let summaries: [WindowSummary] = sink.messages.compactMap {
            if case .summary(let s) = $0.payload { s } else { nil }
        }
        #expect(summaries.contains { $0.isPerformance } && summaries.contains { !$0.isPerformance })

        var full = ModelStageProcessor<WindowSummary>(context: context)
        let steps = summaries.indices.map { full.receive(summaries[$0], position: Int64($0)) }
        let tail = full.finish()
        let all = steps.flatMap { $0 } + tail
        #expect(all.contains { if case .alert(let a) = $0 { a.type == .performanceDegradation } else { false } })
        for crash in [summaries.count / 4, summaries.count / 2, summaries.count * 3 / 4] {
            var before = ModelStageProcessor<WindowSummary>(context: context)
            var states: [String: ModelState] = [:]
            for i in 0..<crash {
                for case .state(let state) in before.receive(summaries[i], position: Int64(i)) { states[state.modelID] = state }
            }
            let safe = Int(try #require(before.safePosition()))
            #expect(safe <= crash)
            var after = ModelStageProcessor<WindowSummary>(context: context)
            for state in states.values { after.restore(state) }
            var replayed: [ModelStageOutput] = []
            for i in safe..<summaries.count { replayed += after.receive(summaries[i], position: Int64(i)) }
            replayed += after.finish()
            let expected = steps[crash...].flatMap { $0 } + tail
            #expect(replayed == expected, "crash at \(crash), restart from \(safe)")
        }
    }
}
