import Testing
@testable import DriftwatchCore

@Suite struct FeatureFindingTests {
    @Test func numericFindingFromStatistics() {
        let reference = NumericReference(values: (0..<1_000).map { Double($0) })
        let shifted = (0..<1_000).map { Double($0) + 300 }
        let finding = FeatureFinding(feature: "amount", numeric: numericDrift(reference: reference, current: shifted))
        #expect(finding.method == .psi)
        #expect(finding.severity == .critical)
        #expect(finding.value == finding.statistics["psi"])
        #expect(Set(finding.statistics.keys) == ["psi", "ks_statistic", "ks_pvalue", "wasserstein",
                                                 "wasserstein_norm", "js_distance"])
        var ks = DriftwatchConfig.Feature()
        ks.method = .ks
        let same = FeatureFinding(feature: "amount", settings: ks,
                                  numeric: numericDrift(reference: reference, current: (0..<1_000).map { Double($0) }))
        #expect(same.severity == .none)
        #expect(same.value == same.statistics["ks_pvalue"])
    }

    @Test func categoricalFindingFromStatistics() {
        let reference = CategoricalReference(counts: ["a": 500, "b": 500])
        var settings = DriftwatchConfig.Feature()
        settings.method = .chi2
        let finding = FeatureFinding(feature: "country", settings: settings,
                                     categorical: categoricalDrift(reference: reference, current: ["a": 900, "b": 100]))
        #expect(finding.severity == .critical)
        #expect(finding.value == finding.statistics["chi2_pvalue"])
        #expect(finding.jsonValue["method"]?.stringValue == "chi2")
    }
}
