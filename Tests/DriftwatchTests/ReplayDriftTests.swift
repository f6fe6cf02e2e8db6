import Testing
import DriftwatchCore
import DriftwatchSynthetic
@testable import DriftwatchRuntime

@Suite struct ReplayDriftTests {
    @Test func cleanWindowsRaiseNoDriftAlert() throws {
        let result = try ReplayHarness.replay(config: ReplayHarness.config(), events: ReplayHarness.events(count: 30_000))
        #expect(result.counters.windowsClosed == 6)
        #expect(result.counters.deadLettered == 0)
        let reports = result.lines.filter { $0.kind == "window_report" }
        // Three partition-stage reports per window, and the model stage's report per model window.
        #expect(reports.count == 18 + 6)
        #expect(reports.filter { $0.value["stage"]?.stringValue == "model" }.count == 6)
        let drift = result.lines.filter { ["feature_drift", "prediction_drift"].contains($0.type ?? "") }
        #expect(drift.isEmpty, "\(drift.map(\.raw))")
        let profiler = try #require(reports.first { $0.value["stage"]?.stringValue == "feature_profiler" })
        #expect(profiler.value["window"]?["events"]?.doubleValue == 5_000)
        #expect(profiler.value["features"]?["amount"]?["severity"]?.stringValue == "none")
        #expect(result.lines.allSatisfy { $0.key == ReplayHarness.model })
    }

    @Test func driftedFeaturesNamedInOneCriticalAlertPerWindow() throws {
        let result = try ReplayHarness.replay(
            config: ReplayHarness.config(), events: ReplayHarness.events(count: 30_000, driftAt: 10_000))
        let alerts = result.lines.filter { $0.type == "feature_drift" }
        #expect(alerts.count == 4, "\(alerts.map(\.raw))")
        for alert in alerts {
            #expect(alert.severity == "critical")
            let named = Set((alert.value["metrics"]?["features"]?.arrayValue ?? []).compactMap { $0["feature"]?.stringValue })
            for f in SyntheticTraffic.driftedFeatures { #expect(named.contains(f), "\(f) in \(named)") }
            #expect(named.isSubset(of: Set(SyntheticTraffic.driftedFeatures)), "\(named)")
            // A model window: its partitions' offsets are listed under "partitions".
            #expect(alert.value["window"]?["partition"] == .null)
            #expect((alert.value["window"]?["partitions"]?.arrayValue?.first?["start_offset"]?.doubleValue ?? 0) >= 10_000)
        }
        #expect(result.lines.contains { $0.type == "prediction_drift" })
    }

    @Test func twoReplaysAreByteIdentical() throws {
        let events = ReplayHarness.events(count: 20_000, driftAt: 8_000)
        let a = try ReplayHarness.replay(config: ReplayHarness.config(cooldownSeconds: 3600), events: events)
        let b = try ReplayHarness.replay(config: ReplayHarness.config(cooldownSeconds: 3600), events: events)
        #expect(!a.bytes.isEmpty)
        #expect(a.bytes == b.bytes)
    }
}
