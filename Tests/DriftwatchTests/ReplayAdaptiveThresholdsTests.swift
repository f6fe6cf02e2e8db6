import Foundation
import Testing
import DriftwatchCore
@testable import DriftwatchRuntime

/// `thresholds: adaptive` changes a decision: a mild shift of `amount` stays under the fixed PSI
/// warning (0.1) but is far above mean + 3σ of the PSI of the reference's own 5,000-row chunks.
@Suite struct ReplayAdaptiveThresholdsTests {
    typealias H = ReplayHarness

    /// The harness's reference traffic (20,000 clean events, seed 777) as a profile with an
    /// adaptive block of 5,000-row chunks (the window size): 4 chunks.
    static let profile: ReferenceProfile = {
        let bytes = H.events(seed: 777, count: 20_000)
        return try! ReferenceInput.jsonLines(data: Data(bytes), file: "ref.jsonl", modelID: H.model,
                                             adaptiveChunkSize: 5_000)
    }()

    static let factor = 1.08

    static func shifted() -> [UInt8] {
        H.events(count: 10_000) { _, e in H.edit(&e) { H.scaleFeature("amount", by: factor, in: &$0) } }
    }

    static func amountAlerts(_ lines: [OutputLine]) -> [OutputLine] {
        lines.filter { line in
            line.type == "feature_drift" && (line.value["metrics"]?["features"]?.arrayValue ?? [])
                .contains { $0["feature"]?.stringValue == "amount" }
        }
    }

    @Test func adaptiveThresholdsTurnAQuietShiftIntoAnAlert() throws {
        let psi = try #require(Self.profile.adaptive?.features["amount"]?["psi"])
        #expect(Self.profile.adaptive?.chunks == 4 && psi.chunkValues.count == 4)
        let reference = ModelReference(Self.profile.prepared())

        let fixed = try H.replay(config: H.config(), events: Self.shifted(), reference: reference)
        #expect(Self.amountAlerts(fixed.lines).isEmpty, "\(Self.amountAlerts(fixed.lines).map(\.raw))")
        let model = try #require(fixed.lines.first { $0.value["stage"]?.stringValue == "model" })
        let windowPSI = try #require(model.value["features"]?["amount"]?["psi"]?.doubleValue)
        let warning = psi.mean + 3 * psi.std
        #expect(windowPSI < 0.1 && windowPSI > warning, "psi \(windowPSI), adaptive warning \(warning)")

        var config = H.config()
        var feature = DriftwatchConfig.Feature()
        feature.thresholdMode = .adaptive
        config.models[H.model]?.features["amount"] = feature
        let adaptive = try H.replay(config: config, events: Self.shifted(), reference: reference)
        let alerts = Self.amountAlerts(adaptive.lines)
        #expect(alerts.count == 2, "one per model window: \(alerts.map(\.raw))")
    }

    /// Chunks are compared with the rest of the reference, not the whole that contains them (a
    /// chunk against the whole scored so low that clean windows alerted): clean traffic is quiet.
    @Test func cleanTrafficStaysQuietUnderAdaptiveThresholds() throws {
        var config = H.config()
        var feature = DriftwatchConfig.Feature()
        feature.thresholdMode = .adaptive
        config.models[H.model]?.features["amount"] = feature
        let clean = try H.replay(config: config, events: H.events(count: 40_000),
                                 reference: ModelReference(Self.profile.prepared()))
        #expect(Self.amountAlerts(clean.lines).isEmpty, "\(Self.amountAlerts(clean.lines).map(\.raw))")
    }
}
