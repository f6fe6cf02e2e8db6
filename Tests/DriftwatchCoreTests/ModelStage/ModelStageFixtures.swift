@testable import DriftwatchCore

/// A stand-in for `WindowSummary`: counts that merge by addition, plus the ids of the partition
/// windows merged, in merge order, so tests see exactly what was merged and how.
struct TestSummary: MergeableSummary, Equatable {
    var modelID: String
    var topic = "predictions"
    var partition: Int32
    var index: Int
    var startOffset: Int64
    var endOffset: Int64
    var events: Int
    var startTimeMs: Double
    var endTimeMs: Double
    /// Events that look drifted (the test analyzer turns their share into PSI).
    var drifted: Int
    var errors: Int
    var mergedIDs: [String]

    mutating func merge(_ other: TestSummary) {
        events += other.events
        drifted += other.drifted
        errors += other.errors
        startTimeMs = min(startTimeMs, other.startTimeMs)
        endTimeMs = max(endTimeMs, other.endTimeMs)
        mergedIDs += other.mergedIDs
    }
}

/// One summary delivered on the summaries topic, at `position` (its index in the delivery).
typealias Delivery = [TestSummary]

enum ModelStageFixtures {
    /// 2026-01-01T00:00:00Z in epoch ms.
    static let start = 1_767_225_600_000.0
    static let minuteMs = 60_000.0

    /// Drift share of events by event time: clean for an hour, half drifted for two hours,
    /// fully drifted for two hours, then half again.
    static func driftShare(atMs time: Double) -> Double {
        switch (time - start) / minuteMs {
        case ..<60: 0
        case ..<180: 0.5
        case ..<300: 1
        default: 0.5
        }
    }

    /// Each partition's summaries in index order: sub-windows of about ceil(windowSize / N)
    /// events (some short, as a max-age close would make), each partition at its own pace in
    /// event time so their windows interleave, in time order within a partition.
    static func sequences(model: String = "fraud", partitions: Int, windowSize: Int, perPartition: Int,
                          seed: UInt64, drift: (Double) -> Double = driftShare(atMs:)) -> [[TestSummary]] {
        let sub = (windowSize + partitions - 1) / partitions
        var random = SplitMix64(seed: seed)
        return (0..<partitions).map { p in
            // A full sub-window spans 3 to 5 minutes of event time, so a model window does too.
            let msPerEvent = random.uniform(180_000, 300_000) / Double(sub)
            var offset: Int64 = 0
            var time = start + random.uniform(0, 60_000)
            return (0..<perPartition).map { i in
                let events = random.chance(0.15) ? random.integer(1, sub - 1 == 0 ? 1 : sub - 1) : sub
                let end = time + Double(events) * msPerEvent
                let summary = TestSummary(
                    modelID: model, partition: Int32(p), index: i, startOffset: offset,
                    endOffset: offset + Int64(events) - 1, events: events, startTimeMs: time, endTimeMs: end.rounded(),
                    drifted: Int((drift(end) * Double(events)).rounded()), errors: random.chance(0.1) ? events / 20 : 0,
                    mergedIDs: ["\(model):\(p):\(i)"])
                offset += Int64(events) + Int64(random.integer(0, 3))  // other models' events between
                time = end.rounded() + 1
                return summary
            }
        }
    }

    /// The partitions' summaries in one delivery order that keeps each partition's order: round
    /// robin when `seed` is nil, else a seeded random interleaving where a partition now and then
    /// republishes its last few summaries (a partition stage replaying after a crash).
    static func interleave(_ sequences: [[TestSummary]], seed: UInt64?, duplicates: Double = 0.1) -> Delivery {
        var next = Array(repeating: 0, count: sequences.count)
        var delivery: Delivery = []
        guard let seed else {
            for i in 0..<(sequences.map(\.count).max() ?? 0) {
                for sequence in sequences where i < sequence.count { delivery.append(sequence[i]) }
            }
            return delivery
        }
        var random = SplitMix64(seed: seed)
        while true {
            let open = sequences.indices.filter { next[$0] < sequences[$0].count }
            guard !open.isEmpty else { break }
            let p = open[random.integer(0, open.count - 1)]
            delivery.append(sequences[p][next[p]])
            next[p] += 1
            if random.chance(duplicates) {
                let back = random.integer(1, min(3, next[p]))
                delivery += sequences[p][(next[p] - back)..<next[p]]
            }
        }
        return delivery
    }

    static func config(windowSize: Int, cooldownSeconds: Double = 3_600) -> DriftwatchConfig {
        var config = DriftwatchConfig()
        config.window.size = windowSize
        config.alerts.cooldownSeconds = cooldownSeconds
        return config
    }

    /// The test analysis: `amount` and `country` drift with the merged drifted share, five clean
    /// features, the prediction drifting like `amount` (critical from a share of 2/3: a retrain
    /// trigger) and the merged error rate.
    static let analyzer: ModelStageProcessor<TestSummary>.Analyzer = { merged, window in
        let share = merged.events > 0 ? Double(merged.drifted) / Double(merged.events) : 0
        func finding(_ name: String, _ psi: Double) -> FeatureFinding {
            FeatureFinding(feature: name, method: .psi, value: psi, severity: decide(method: .psi, value: psi),
                           statistics: ["psi": psi])
        }
        let features = [finding("amount", 0.3 * share), finding("country", 0.2 * share)]
            + (0..<5).map { finding("clean\($0)", 0.01) }
        let findings = WindowFindings(
            modelID: merged.modelID, modelVersion: "v1", window: window, features: features,
            prediction: [finding("prediction", 0.3 * share)],
            system: SystemFinding(events: merged.events, errors: merged.errors))
        var report = StageReport.header(stage: "model", modelID: merged.modelID, modelVersion: "v1", window: window)
        report["merged"] = .array(merged.mergedIDs.map { .string($0) })
        report["drifted_share"] = .number(share)
        report["drift_share"] = .number(findings.driftShare)
        return (report, findings)
    }

    /// Feeds a delivery (positions = indexes from `from`) and collects each step's outputs.
    static func run(_ processor: inout ModelStageProcessor<TestSummary>, _ delivery: Delivery,
                    from: Int = 0) -> [(position: Int, outputs: [ModelStageOutput])] {
        (from..<delivery.count).map { position in
            (position, processor.receive(delivery[position], position: Int64(position)))
        }
    }
}
