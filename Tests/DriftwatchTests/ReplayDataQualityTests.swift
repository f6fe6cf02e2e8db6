import Foundation
import Testing
import DriftwatchCore
@testable import DriftwatchRuntime

/// SPEC section 6: missing rate and out-of-range rate judged per feature in the model stage,
/// one `data_quality` alert per model window naming every feature involved; `thresholds:
/// adaptive` changing a decision; events of unconfigured models counted.
/// Streams: 20,000 synthetic events (24 features, ~1% nulls each), model windows of 5,000.
@Suite struct ReplayDataQualityTests {
    typealias H = ReplayHarness

    static func qualityAlerts(_ lines: [OutputLine]) -> [OutputLine] { lines.filter { $0.type == "data_quality" } }

    static func named(_ alert: OutputLine) -> [String] {
        (alert.value["metrics"]?["features"]?.arrayValue ?? []).compactMap { $0["feature"]?.stringValue }
    }

    static func setFeature(_ name: String, _ value: JSONValue, in object: inout JSONObject) {
        guard case .object(var features)? = object["features"] else { return }
        features[name] = value
        object["features"] = .object(features)
    }

    @Test func aCleanStreamStaysSilent() throws {
        let result = try H.replay(config: H.config(), events: H.events(count: 20_000))
        #expect(Self.qualityAlerts(result.lines).isEmpty, "\(Self.qualityAlerts(result.lines).map(\.raw))")
        let model = try #require(result.lines.first { $0.value["stage"]?.stringValue == "model" })
        let amount = try #require(model.value["data_quality"]?["features"]?["amount"])
        #expect((amount["missing_rate"]?.doubleValue ?? 1) < 0.03)
        #expect((amount["out_of_range_rate"]?.doubleValue ?? 1) < 0.01)
        #expect(model.value["data_quality"]?["features"]?["country"]?["out_of_range_rate"] == nil, "numeric only")
    }

    @Test func oneFeatureGoingFromOneToTenPercentNullWarnsNamingIt() throws {
        // The second half: amount null in every 10th event too (~11% with its own ~1%).
        let events = H.events(count: 20_000) { i, e in
            guard i >= 10_000, i % 10 == 0 else { return }
            H.edit(&e) { Self.setFeature("amount", .null, in: &$0) }
        }
        let result = try H.replay(config: H.config(), events: events)
        let alerts = Self.qualityAlerts(result.lines)
        #expect(alerts.map { $0.value["window"]?["index"]?.doubleValue ?? -1 } == [2, 3], "\(alerts.map(\.raw))")
        for alert in alerts {
            #expect(alert.severity == "warning")
            #expect(Self.named(alert) == ["amount"])
            let amount = alert.value["metrics"]?["features"]?.arrayValue?.first
            #expect((amount?["missing_rate"]?.doubleValue ?? 0) > 0.1)
            // Averaged over 24 features it is ~1.4%: the old rule stayed silent.
            #expect((alert.value["metrics"]?["missing_rate"]?.doubleValue ?? 1) < 0.02)
            #expect(alert.value["summary"]?.stringValue?.hasPrefix("Data quality: missing amount 1") == true)
        }
    }

    @Test func valuesOutsideTheReferenceRangeWarnNamingTheFeature() throws {
        // The second half: amount 1,000x in every 12th event (~8% of its values out of range).
        let events = H.events(count: 20_000) { i, e in
            guard i >= 10_000, i % 12 == 0 else { return }
            H.edit(&e) { H.scaleFeature("amount", by: 1_000, in: &$0) }
        }
        let result = try H.replay(config: H.config(), events: events)
        let alerts = Self.qualityAlerts(result.lines)
        #expect(alerts.map { $0.value["window"]?["index"]?.doubleValue ?? -1 } == [2, 3], "\(alerts.map(\.raw))")
        for alert in alerts {
            #expect(alert.severity == "warning")
            #expect(Self.named(alert) == ["amount"])
            let rate = alert.value["metrics"]?["features"]?.arrayValue?.first?["out_of_range_rate"]?.doubleValue ?? 0
            #expect(rate > 0.07 && rate < 0.1, "\(rate)")
        }
        // The feature profiler's (partition) report carries the same per-feature block.
        let profiler = try #require(result.lines.last { $0.value["stage"]?.stringValue == "feature_profiler" })
        #expect((profiler.value["data_quality"]?["features"]?["amount"]?["out_of_range_rate"]?.doubleValue ?? 0) > 0.07)
    }

    @Test func eventsOfUnconfiguredModelsAreCountedAndReportedOnce() throws {
        let events = H.events(count: 6_000) { i, e in
            guard i % 3 == 0 else { return }
            H.edit(&e) { $0["model_id"] = .string(i % 2 == 0 ? "typo-detector" : "new-model") }
        }
        let config = H.config()
        let context = PipelineContext(config: config, references: [H.model: H.reference])
        let seen = SeenIDs()
        context.unconfiguredModels.onFirstSighting = { seen.add($0) }
        let acks = AckQueue()
        let sink = ReplaySink(acks: acks) { _ in }
        let driver = PipelineDriver.replaying(context: context, sink: sink, acks: acks)
        let counters = try Replay.run(driver: driver, events: events, labels: nil, options: .init(flush: false))
        #expect(counters.unconfiguredModelEvents == 2_000)
        #expect(seen.ids == ["typo-detector", "new-model"], "each id once, in order of first sighting")
        #expect(context.unconfiguredModels.ids == ["new-model", "typo-detector"])
    }
}

/// Collects the ids `onFirstSighting` reports (called from the replay's thread).
final class SeenIDs: @unchecked Sendable {
    private var list: [String] = []
    private let lock = NSLock()
    func add(_ id: String) { lock.withLock { list.append(id) } }
    var ids: [String] { lock.withLock { list } }
}
