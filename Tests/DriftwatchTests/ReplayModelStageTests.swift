import DriftwatchCore
import DriftwatchSynthetic
@testable import DriftwatchRuntime
import Testing

/// The model stage over a replay (SPEC sections 4 and 6): one decision per model window however
/// many partitions carry the model, silences and runbooks applied model-wide.
@Suite struct ReplayModelStageTests {
    typealias H = ReplayHarness

    /// `replay --partitions n` of `events`: every published line.
    static func replay(_ config: DriftwatchConfig, _ events: [UInt8], partitions: Int32) throws -> [OutputLine] {
        let context = PipelineContext(config: config, references: [H.model: H.reference], partitionCount: Int(partitions))
        return try H.output(context: context, events: events, options: .init(partitions: partitions)).lines
    }

    @Test func oneAlertPerTypeAndOneTriggerWhateverThePartitionCount() throws {
        // 40,000 events, drift from 20,000: model windows of 5,000; the drift starts window 4.
        let events = H.events(count: 40_000, driftAt: 20_000)
        let config = H.config(windowSize: 5_000, cooldownSeconds: 3_600, retrainCooldownSeconds: 21_600)
        var decisions: [Int32: [String]] = [:]
        for n: Int32 in [1, 3, 8, 12] {
            let lines = try Self.replay(config, events, partitions: n)
            let alerts = lines.filter { $0.kind == "alert" }
            let triggers = lines.filter { $0.kind == "retrain" }
            // One alert per type, all on model windows at or after the drift, none before it.
            #expect(Set(alerts.compactMap(\.type)).count == alerts.count, "\(n) partitions: \(alerts.map(\.raw))")
            #expect(alerts.contains { $0.type == "feature_drift" && $0.severity == "critical" }, "\(n) partitions")
            for alert in alerts {
                #expect(alert.value["window"]?["partition"] == .null)
                // The window holds drifted events (event i has time 2026-01-01T00:00:00 + i ms).
                let end = alert.value["window"]?["end_time"]?.stringValue ?? ""
                #expect(end >= "2026-01-01T00:00:20", "\(n) partitions: alert before the drift: \(alert.raw)")
                let partitions = alert.value["window"]?["partitions"]?.arrayValue?.count ?? 0
                #expect(partitions == Int(n), "names every partition of the model window")
            }
            #expect(triggers.count == 1, "\(n) partitions: one retrain trigger per model per cooldown")
            decisions[n] = alerts.compactMap(\.type).sorted() + triggers.compactMap { $0.value["urgency"]?.stringValue }
        }
        // The same decisions whatever the partition count (windows of ceil(5,000 / N) sub-windows).
        #expect(Set(decisions.values).count == 1, "\(decisions)")
    }

    @Test func silencesHideAlertsModelWideAndRunbooksAreNamed() throws {
        let events = H.events(count: 30_000, driftAt: 15_000)
        var config = H.config(windowSize: 5_000, cooldownSeconds: 0)
        config.runbooks = [.predictionDrift: "https://runbooks.example/prediction-drift"]
        let plain = try Self.replay(config, events, partitions: 4)
        let featureAlerts = plain.filter { $0.type == "feature_drift" }
        #expect(!featureAlerts.isEmpty)
        // Silence feature drift over the whole stream's event time.
        config.silences = [DriftwatchConfig.Silence(modelID: H.model, type: .featureDrift, fromMs: 0, toMs: 4e12)]
        let silenced = try Self.replay(config, events, partitions: 4)
        #expect(silenced.filter { $0.type == "feature_drift" }.isEmpty)
        let prediction = silenced.filter { $0.type == "prediction_drift" }
        #expect(prediction.count == plain.filter { $0.type == "prediction_drift" }.count)
        #expect(prediction.allSatisfy { $0.value["runbook_url"]?.stringValue == "https://runbooks.example/prediction-drift" })
        #expect(prediction.allSatisfy { $0.value["trend"]?["metric"]?.stringValue != nil }, "every alert carries its trend")
    }
}
