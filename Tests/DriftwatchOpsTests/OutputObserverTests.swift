import DriftwatchCore
import DriftwatchOps
import Foundation
import Prometheus
import Testing

/// `OutputObserver` reads the values an output message carries, not its bytes.
@Suite struct OutputObserverTests {
    static func message(topic: String, _ payload: OutputPayload) -> OutputMessage {
        OutputMessage(topic: topic, key: nil, value: [], token: AckToken(processor: 0, group: 0), payload: payload)
    }

    @Test func deadLettersAreBookedUnderTheTopicTheyCameFrom() async throws {
        let registry = PrometheusCollectorRegistry()
        let observer = OutputObserver(metrics: DriftwatchMetrics(registry: registry), reportStore: ReportStore())
        for (source, topic) in [(InputSource.labels, "labels"), (.labels, "labels"), (.predictions, "predictions")] {
            let letter = DeadLetter(reason: "bad", source: source, sourceTopic: topic, sourcePartition: 1, sourceOffset: 7)
            observer.observe(Self.message(topic: "driftwatch-dead-letter", .deadLetter(letter)))
        }
        await observer.finish()
        let text = registry.emitToString()
        #expect(sampleValue(text, #"driftwatch_dead_letter_messages_total{topic="labels"}"#) == 2)
        #expect(sampleValue(text, #"driftwatch_decode_errors_total{topic="labels"}"#) == 2)
        #expect(sampleValue(text, #"driftwatch_dead_letter_messages_total{topic="predictions"}"#) == 1)
        #expect(sampleValue(text, #"driftwatch_messages_published_total{topic="driftwatch-dead-letter"}"#) == 3)
    }

    @Test func reportsAndAlertsUpdateMetricsAndTheStore() async throws {
        let registry = PrometheusCollectorRegistry()
        let store = ReportStore()
        let observer = OutputObserver(
            metrics: DriftwatchMetrics(registry: registry), reportStore: store,
            now: { Date(timeIntervalSince1970: 1_767_225_630) })
        let window = ReportFixtures.window(2)
        let body: JSONObject = [
            "features": ["amount": ["psi": 0.3, "severity": "critical"]],
            "drift_share": 0.25,
        ]
        observer.observe(Self.message(topic: "reports", .report(WindowReport(
            stage: .model, modelID: "m", modelVersion: nil, window: window, body: body))))
        let alert = Alert(type: .latency, severity: .warning, modelID: "m", modelVersion: nil, window: window,
                          summary: "slow", metrics: [:])
        observer.observe(Self.message(topic: "alerts", .alert(alert)))
        await observer.finish()
        let text = registry.emitToString()
        #expect(sampleValue(text, #"driftwatch_feature_psi{model_id="m",feature="amount"}"#) == 0.3)
        #expect(sampleValue(text, #"driftwatch_feature_drift_severity{model_id="m",feature="amount"}"#) == 2)
        #expect(sampleValue(text, #"driftwatch_drift_share_ratio{model_id="m"}"#) == 0.25)
        #expect(sampleValue(text, #"driftwatch_windows_closed_total{model_id="m",stage="model"}"#) == 1)
        #expect(sampleValue(text, #"driftwatch_alerts_published_total{model_id="m",type="latency",severity="warning"}"#) == 1)
        let model = try #require(await store.snapshot(generatedAt: "t").models.first)
        #expect(model.windows.count == 1 && model.alerts.map(\.type) == ["latency"])
    }
}
