import Testing
import DriftwatchCore
@testable import DriftwatchRuntime

@Suite struct ReplayAlertTests {
    typealias H = ReplayHarness

    @Test func mildShiftRaisesWarningNamingOnlyThatFeature() throws {
        let events = H.events(count: 10_000) { _, e in H.edit(&e) { H.scaleFeature("amount", by: 1.4, in: &$0) } }
        let result = try H.replay(config: H.config(), events: events)
        let alerts = result.lines.filter { $0.type == "feature_drift" }
        #expect(alerts.count == 2, "\(alerts.map(\.raw))")
        for alert in alerts {
            #expect(alert.severity == "warning")
            let named = (alert.value["metrics"]?["features"]?.arrayValue ?? []).compactMap { $0["feature"]?.stringValue }
            #expect(named == ["amount"])
        }
    }

    @Test func cooldownSuppressesRepeatsAndLetsEscalationThrough() throws {
        // Windows 0-1 mildly shifted (warning), 2-3 strongly (critical); cooldown 1 h of event time.
        let events = H.events(count: 20_000) { i, e in
            H.edit(&e) { H.scaleFeature("amount", by: i < 10_000 ? 1.4 : 2.5, in: &$0) }
        }
        let result = try H.replay(config: H.config(cooldownSeconds: 3_600), events: events)
        let alerts = result.lines.filter { $0.type == "feature_drift" }
        #expect(alerts.map { $0.severity ?? "" } == ["warning", "critical"], "\(alerts.map(\.raw))")
        #expect(alerts.map { $0.value["window"]?["index"]?.doubleValue ?? -1 } == [0, 2])
        let noCooldown = try H.replay(config: H.config(cooldownSeconds: 0), events: events)
        #expect(noCooldown.lines.filter { $0.type == "feature_drift" }.count == 4)
    }

    @Test func latencyBreachesRaiseLatencyAlerts() throws {
        let events = H.events(count: 10_000) { i, e in
            guard i % 50 == 0 else { return }
            H.edit(&e) { $0["latency_ms"] = .number(i < 5_000 ? 900 : 3_000) }
        }
        let result = try H.replay(config: H.config(), events: events)
        let alerts = result.lines.filter { $0.type == "latency" }
        #expect(alerts.map { $0.severity ?? "" } == ["warning", "critical"], "\(alerts.map(\.raw))")
        #expect(!result.lines.contains { $0.type == "feature_drift" })
    }

    @Test func errorRateBreachesRaiseErrorRateAlerts() throws {
        let events = H.events(count: 10_000) { i, e in
            let every = i < 5_000 ? 40 : 10   // 2.5% then 10%
            guard i % every == 0 else { return }
            H.edit(&e) {
                $0["error"] = "upstream timeout"
                $0["prediction"] = nil
                $0["score"] = nil
                $0["label"] = nil
            }
        }
        let result = try H.replay(config: H.config(), events: events)
        let alerts = result.lines.filter { $0.type == "error_rate" }
        #expect(alerts.map { $0.severity ?? "" } == ["warning", "critical"], "\(alerts.map(\.raw))")
        let logger = try #require(result.lines.first { $0.value["stage"]?.stringValue == "system_logger" })
        #expect(logger.value["errors"]?.doubleValue ?? 0 >= 125)
    }

    @Test func performanceDropWithDelayedLabelsIsReportedPerPartitionWindow() throws {
        // ~30% of events carry a label: 10,000 events give ~3,000 pairs; performance windows of 1,000 pairs.
        let clean = H.events(count: 12_000)
        let split = H.splitLabels(clean) { index in
            // Pairs 0-999 clean; then about 10% and 33% of labels flipped.
            index >= 3_500 && (index < 6_600 ? index % 10 == 0 : index % 3 == 0)
        }
        let result = try H.replay(config: H.config(windowSize: 1_000, minEvents: 500), events: split.events, labels: split.labels)
        #expect(result.counters.labels > 2_500)
        let performance = result.lines.filter { $0.kind == "performance_report" }
        #expect(performance.count >= 3)
        // Delayed-label performance windows are reported per partition (README: the model stage
        // decides on inline labels only, for now), with the drop the flipped labels cause.
        let drops = performance.compactMap { $0.value["drop"]?.doubleValue }
        #expect(drops.contains { $0 >= 0.05 && $0 < 0.15 } && drops.contains { $0 >= 0.15 }, "\(drops)")
        let first = try #require(performance.first)
        #expect(first.value["labelled"]?.doubleValue == 1_000)
        #expect((first.value["drop"]?.doubleValue ?? 1) < 0.05)
    }

    @Test func predictionDriftSchedulesRetraining() throws {
        let result = try H.replay(config: H.config(), events: H.events(count: 10_000, driftAt: 0))
        #expect(result.lines.filter { $0.type == "prediction_drift" }.count == 2)
        let triggers = result.lines.filter { $0.topic == "model-retrain" }
        #expect(triggers.count == 2)
        // Every trigger names the prediction drift (the model window's inline labels may raise
        // the urgency to a performance drop's: drifted traffic also loses accuracy).
        #expect(triggers.allSatisfy { ($0.value["reasons"]?.arrayValue ?? []).contains(.string("prediction_drift")) })
        let id = try #require(triggers.first?.value["trigger_id"]?.stringValue)
        #expect(id.contains("predictions:model-0"))
    }
}
