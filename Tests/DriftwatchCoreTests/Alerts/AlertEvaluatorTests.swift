import Testing
@testable import DriftwatchCore

@Suite struct AlertEvaluatorTests {
    typealias F = AlertFixtures
    let evaluator = AlertEvaluator()

    @Test func cleanFindingsRaiseNothing() {
        let findings = F.findings(
            features: F.features(clean: 24),
            prediction: [F.feature("prediction", psi: 0.02), F.feature("score", psi: 0.05)],
            performance: F.performance(drop: 0.01),
            quality: DataQualityFinding(events: 10_000, missingRate: 0.01, typeErrorRate: 0),
            system: SystemFinding(events: 10_000, errors: 50, latencyP99Ms: 120, llmRequests: 0))
        #expect(evaluator.evaluate(findings).isEmpty)
    }

    @Test func driftedFeaturesAreNamedInOneAlert() throws {
        let findings = F.findings(features: F.features(
            clean: 20, drifted: [("amount", 0.5), ("customer_age", 0.3), ("merchant_category", 0.12)]))
        let alerts = evaluator.evaluate(findings)
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert.type == .featureDrift)
        #expect(alert.severity == .critical)
        let names = alert.metrics["features"]?.arrayValue?.compactMap { $0["feature"]?.stringValue }
        #expect(names == ["amount", "customer_age", "merchant_category"])
        #expect(alert.summary == "3 of 23 features drifted (drift share 0.13): amount (critical, psi 0.5), "
            + "customer_age (critical, psi 0.3), merchant_category (warning, psi 0.12)")
        #expect(!alert.summary.contains("f1"))
        #expect(alert.metrics["drifted_features"] == .int(3))
        #expect(alert.metrics["dataset_drift"] == .bool(false))
    }

    @Test func severityTiersOfFeatureDrift() {
        // Only warnings and no dataset drift: warning.
        let mild = evaluator.evaluate(F.findings(features: F.features(clean: 9, drifted: [("amount", 0.15)])))
        #expect(mild.map(\.severity) == [.warning])
        // Warnings on 3 of 10 features: dataset drift (share 0.3 ≥ 0.3) escalates to critical.
        let wide = evaluator.evaluate(F.findings(features: F.features(
            clean: 7, drifted: [("a", 0.11), ("b", 0.12), ("c", 0.13)])))
        #expect(wide.map(\.severity) == [.critical])
        #expect(wide.first?.metrics["dataset_drift"] == .bool(true))
        #expect(wide.first?.summary.contains("dataset drift") == true)
        // PSI edges: 0.1 is a warning, 0.0999 is not, 0.2 critical.
        #expect(evaluator.evaluate(F.findings(features: [F.feature("x", psi: 0.0999)])).isEmpty)
        #expect(evaluator.evaluate(F.findings(features: F.features(clean: 9, drifted: [("x", 0.1)])))
            .map(\.severity) == [.warning])
        #expect(evaluator.evaluate(F.findings(features: F.features(clean: 9, drifted: [("x", 0.2)])))
            .map(\.severity) == [.critical])
    }

    @Test func predictionAndLabelDrift() {
        let outputs = [F.feature("prediction", psi: 0.05), F.feature("score", psi: 0.25)]
        var findings = F.findings(prediction: outputs)
        findings.label = F.feature("label", psi: 0.15)
        let alerts = evaluator.evaluate(findings)
        #expect(alerts.map(\.type) == [.predictionDrift, .labelDrift])
        #expect(alerts.map(\.severity) == [.critical, .warning])
        #expect(alerts.first?.summary == "Prediction drift: score (critical, psi 0.25)")
    }

    @Test func performanceDropEdges() {
        func severity(_ drop: Double) -> Severity? {
            let p = PerformanceFinding(metric: "auc", current: 1 - drop, baseline: 1, labelled: 100)
            return evaluator.evaluate(F.findings(performance: p)).first?.severity
        }
        #expect(severity(0.05) == nil)
        #expect(severity(0.0501) == .warning)
        #expect(severity(0.15) == .warning)
        #expect(severity(0.1501) == .critical)
        let rmse = PerformanceFinding(metric: "rmse", current: 1.2, baseline: 1, higherIsBetter: false, labelled: 10)
        #expect(abs(rmse.drop - 0.2) < 1e-12)
        let alert = evaluator.evaluate(F.findings(performance: rmse)).first
        #expect(alert?.type == .performanceDegradation)
        #expect(alert?.severity == .critical)
    }

    @Test func dataQualityRules() {
        func alert(_ q: DataQualityFinding) -> Alert? { evaluator.evaluate(F.findings(quality: q)).first }
        #expect(alert(DataQualityFinding(events: 1_000, missingRate: 0.05, typeErrorRate: 0.01)) == nil)
        // Missing and out-of-range rates are judged per feature: an average says nothing.
        #expect(alert(DataQualityFinding(events: 1_000, missingRate: 0.0501, typeErrorRate: 0)) == nil)
        let oneFeature = DataQualityFinding(events: 1_000, missingRate: 0.0051, typeErrorRate: 0, features: [
            FeatureQualityFinding(feature: "a", events: 1_000, missing: 0, values: 1_000, outOfRange: 0),
            FeatureQualityFinding(feature: "b", events: 1_000, missing: 51, values: 949, outOfRange: 0),
        ])
        #expect(alert(oneFeature)?.severity == .warning)
        #expect(alert(oneFeature)?.summary == "Data quality: missing b 5.1%")
        let atFive = FeatureQualityFinding(feature: "b", events: 1_000, missing: 50, values: 950, outOfRange: 0)
        #expect(alert(DataQualityFinding(events: 1_000, missingRate: 0.05, typeErrorRate: 0, features: [atFive])) == nil,
                "5% is not more than 5%")
        let outside = DataQualityFinding(events: 1_000, missingRate: 0, typeErrorRate: 0, features: [
            FeatureQualityFinding(feature: "x", events: 1_000, missing: 0, values: 1_000, outOfRange: 51),
            FeatureQualityFinding(feature: "y", events: 1_000, missing: 0, values: 1_000, outOfRange: 50),
            FeatureQualityFinding(feature: "c", events: 1_000, missing: 60),
        ])
        let ranged = alert(outside)
        #expect(ranged?.severity == .warning)
        #expect(ranged?.summary == "Data quality: missing c 6%; outside the reference [p0.1, p99.9] x 5.1%")
        #expect(ranged?.metrics["features"]?.arrayValue?.count == 2, "c and x, not y")
        #expect(alert(DataQualityFinding(events: 1_000, missingRate: 0, typeErrorRate: 0.011))?.severity == .warning)
        #expect(alert(DataQualityFinding(events: 1_000, missingRate: 0, typeErrorRate: 0,
                                         missingFeatures: ["zip"]))?.severity == .warning)
        // Required feature: 10 of 1,000 (1%) is not more than 1%; 11 is.
        let edge = DataQualityFinding(events: 1_000, missingRate: 0.001, typeErrorRate: 0,
                                      required: [RequiredFeatureFinding(feature: "amount", absent: 6, typeErrors: 4)])
        #expect(alert(edge) == nil)
        let broken = DataQualityFinding(events: 1_000, missingRate: 0.06, typeErrorRate: 0,
                                        unexpectedFeatures: ["new"],
                                        required: [RequiredFeatureFinding(feature: "amount", absent: 6, typeErrors: 5),
                                                   RequiredFeatureFinding(feature: "age", absent: 0, typeErrors: 0)])
        let critical = alert(broken)
        #expect(critical?.severity == .critical)
        #expect(critical?.summary == "Data quality: required amount absent or mistyped in 1.1%")
        #expect(critical?.metrics["unexpected_features"] == .array([.string("new")]))
    }

    @Test func latencyAndErrorRateEdges() {
        func severities(_ s: SystemFinding) -> [AlertType: Severity] {
            Dictionary(uniqueKeysWithValues: evaluator.evaluate(F.findings(system: s)).map { ($0.type, $0.severity) })
        }
        #expect(severities(SystemFinding(events: 1_000, errors: 10, latencyP99Ms: 500)).isEmpty)
        #expect(severities(SystemFinding(events: 1_000, errors: 11, latencyP99Ms: 500.1))
            == [.latency: .warning, .errorRate: .warning])
        #expect(severities(SystemFinding(events: 1_000, errors: 50, latencyP99Ms: 2_000))
            == [.latency: .warning, .errorRate: .warning])
        #expect(severities(SystemFinding(events: 1_000, errors: 51, latencyP99Ms: 2_001))
            == [.latency: .critical, .errorRate: .critical])
        #expect(severities(SystemFinding(events: 0, errors: 0)).isEmpty)
    }

    @Test func llmCostAndTruncationEdges() {
        func types(_ s: SystemFinding) -> [AlertType] { evaluator.evaluate(F.findings(system: s)).map(\.type) }
        #expect(types(SystemFinding(events: 100, errors: 0, llmRequests: 100, llmCostUSD: 5, llmTruncated: 20)).isEmpty)
        #expect(types(SystemFinding(events: 100, errors: 0, llmRequests: 100, llmCostUSD: 5.01, llmTruncated: 21))
            == [.llmCost, .llmTruncation])
        #expect(types(SystemFinding(events: 100, errors: 0, llmRequests: 0, llmCostUSD: nil)).isEmpty)
    }

    @Test func configuredThresholdsApply() {
        var rules = DriftwatchConfig.Alerts()
        rules.latencyP99Ms = .init(warning: 100, critical: 200)
        let alerts = AlertEvaluator(rules: rules).evaluate(
            F.findings(system: SystemFinding(events: 10, errors: 0, latencyP99Ms: 150)))
        #expect(alerts.map(\.severity) == [.warning])
    }
}
