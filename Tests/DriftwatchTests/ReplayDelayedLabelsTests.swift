import DriftwatchCore
import DriftwatchSynthetic
@testable import DriftwatchRuntime
import Testing

/// Delayed labels (labels topic) at model level (SPEC sections 3, 4 and 6): the partitions'
/// performance sub-windows merge into model performance windows of `window.size` pairs, which
/// alone decide `performance_degradation` and the performance retrain urgencies, once per model.
@Suite struct ReplayDelayedLabelsTests {
    typealias H = ReplayHarness

    /// The synthetic events that carry a label (about 30%), without it, and their labels as a
    /// labels file: label line j belongs to event line j, so `--partitions N` co-partitions them.
    /// `labelTime(j, times)` is label j's event time (times: the events' times); `flip(j)`
    /// inverts label j (the world changed under the model).
    static func labelled(
        count: Int, flip: (Int) -> Bool = { _ in false }, labelTime: (Int, [Double]) -> Double = { $1[$0] }
    ) throws -> (events: [UInt8], labels: [UInt8], pairs: Int) {
        let all = H.events(count: count)
        var objects: [JSONObject] = []
        for r in Replay.lines(all) {
            guard case .object(let o) = try JSONValue.parse(Array(all[r])), o["label"] != nil else { continue }
            objects.append(o)
        }
        let times = objects.map { $0["timestamp"]!.doubleValue! }
        var events: [UInt8] = [], labels: [UInt8] = []
        for (j, var o) in objects.enumerated() {
            var label = o["label"]!
            if flip(j) { label = .number(1 - label.doubleValue!) }
            o["label"] = nil
            let l: JSONObject = ["event_id": o["event_id"]!, "model_id": o["model_id"]!, "label": label,
                                 "timestamp": .number(labelTime(j, times))]
            for (value, out) in [(o, 0), (l, 1)] {
                var w = JSONWriter()
                w.write(.object(value))
                if out == 0 { events += w.bytes + [UInt8(ascii: "\n")] } else { labels += w.bytes + [UInt8(ascii: "\n")] }
            }
        }
        return (events, labels, objects.count)
    }

    static func replay(
        _ config: DriftwatchConfig, _ events: [UInt8], labels: [UInt8]?, partitions: Int32, flush: Bool = false
    ) throws -> (lines: [OutputLine], bytes: [UInt8], counters: ProcessorCounters) {
        var config = config
        if labels != nil { config.topics.labels = "labels" }
        let context = PipelineContext(config: config, references: [H.model: H.reference], partitionCount: Int(partitions))
        return try H.output(context: context, events: events, labels: labels,
                            options: .init(partitions: partitions, flush: flush))
    }

    @Test func delayedLabelsWithAPerformanceDropFireOneModelLevelAlertAndTrigger() throws {
        // ~12,000 labelled events, labels flipped from pair 6,000: model performance windows of
        // 3,000 pairs, each merged from 4 sub-windows of 750 pairs (one per partition).
        let (events, labels, pairs) = try Self.labelled(count: 40_000, flip: { $0 >= 6_000 })
        #expect(pairs > 11_000)
        let config = H.config(windowSize: 3_000, cooldownSeconds: 0, retrainCooldownSeconds: 86_400)
        let run = try Self.replay(config, events, labels: labels, partitions: 4)
        let modelReports = run.lines.filter { $0.kind == "performance_report" && $0.value["stage"]?.stringValue == "model" }
        #expect(modelReports.count >= 3 && modelReports.count <= pairs / 3_000, "one model performance window per 3,000 pairs")
        for (k, report) in modelReports.enumerated() {
            #expect(report.value["window"]?["index"]?.doubleValue == Double(k))
            #expect(report.value["window"]?["partitions"]?.arrayValue?.count == 4)
            #expect(report.value["labelled"]?.doubleValue == 3_000)
            #expect(report.value["source"]?.stringValue == "labels_topic")
            let drop = try #require(report.value["drop"]?.doubleValue)
            if k < 2 { #expect(abs(drop) < 0.05, "before the flip: \(report.raw)") } else { #expect(drop > 0.15) }
        }
        let alerts = run.lines.filter { $0.type == "performance_degradation" }
        #expect(alerts.map { $0.value["alert_id"]?.stringValue } == (2..<modelReports.count).map {
            "alert:\(H.model):predictions:model-performance-\($0):performance_degradation"
        }, "one alert per model performance window after the flip, none per partition")
        #expect(alerts.allSatisfy { $0.severity == "critical" })
        let triggers = run.lines.filter { $0.kind == "retrain" }
        #expect(triggers.count == 1, "one retrain trigger per model per cooldown: \(triggers.map(\.raw))")
        #expect(triggers.first?.value["urgency"]?.stringValue == "rollback")
        #expect(triggers.first?.value["trigger_id"]?.stringValue == "retrain:\(H.model):predictions:model-performance-2:rollback")
        #expect(triggers.first?.value["reasons"] == .array(["performance_drop"]))
        // The partitions still report their sub-windows, and decide nothing.
        let partitionReports = run.lines.filter { $0.kind == "performance_report" && $0.value["stage"]?.stringValue != "model" }
        #expect(partitionReports.count >= 4 * modelReports.count)
        #expect(run.counters.alerts == 0 && run.counters.triggers == 0)
    }

    @Test func labelsBeforeTheirPredictionsJoinAsDelayedOnesDo() throws {
        // Label j stamped with event j - 1's time arrives before its prediction (replay feeds a
        // label once its partition's event time reaches it).
        let late = try Self.labelled(count: 12_000)
        let early = try Self.labelled(count: 12_000, labelTime: { j, times in times[max(0, j - 1)] })
        #expect(late.events == early.events)
        let config = H.config(windowSize: 1_000, cooldownSeconds: 0)
        let a = try Self.replay(config, late.events, labels: late.labels, partitions: 4, flush: true)
        let b = try Self.replay(config, early.events, labels: early.labels, partitions: 4, flush: true)
        #expect(a.counters.earlyLabelsJoined == 0)
        #expect(b.counters.earlyLabelsJoined == early.pairs - 1, "every label but the first came first")
        #expect(b.counters.earlyLabelsOverflowed == 0 && b.counters.earlyLabelsExpired == 0)
        #expect(a.lines.contains { $0.kind == "performance_report" && $0.value["stage"]?.stringValue == "model" })
        #expect(a.bytes == b.bytes, "the same pairs in the same order: byte-identical outputs")
    }

    @Test func earlyLabelOverflowAndExpiryAreCounted() throws {
        // Every label stamped at time 0: all arrive after the first prediction, before the rest.
        let (events, labels, pairs) = try Self.labelled(count: 3_000, labelTime: { _, _ in 0 })
        var config = H.config(windowSize: 1_000)
        config.labels.maxEarly = 100
        let run = try Self.replay(config, events, labels: labels, partitions: 1)
        let c = run.counters
        #expect(c.labels == pairs)
        #expect(c.earlyLabelsOverflowed == pairs - 1 - 100, "the buffer keeps the newest 100")
        #expect(c.earlyLabelsExpired == 100, "the rest are older than labels.ttl (1 h) when the next prediction comes")
        #expect(c.earlyLabelsJoined == 0)
        // Every label is accounted for: joined (the first, to its waiting prediction), overflowed or expired.
        let joined = run.lines.filter { $0.kind == "performance_report" }.count
        #expect(joined == 0, "one pair is not a window")
        #expect(1 + c.earlyLabelsOverflowed + c.earlyLabelsExpired == pairs)
    }

    @Test func withoutALabelsTopicNothingNewIsPublished() throws {
        let events = H.events(count: 12_000)
        let run = try Self.replay(H.config(windowSize: 3_000), events, labels: nil, partitions: 4, flush: true)
        #expect(run.counters.summaries == run.counters.windowsClosed, "no performance summaries")
        #expect(!run.lines.contains { ($0.value["alert_id"]?.stringValue ?? "").contains("model-performance") })
        #expect(run.counters.earlyLabelsJoined == 0 && run.counters.skippedPairs == 0)
    }
}
