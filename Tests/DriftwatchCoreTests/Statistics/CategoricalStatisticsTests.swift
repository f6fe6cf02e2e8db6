import Testing
@testable import DriftwatchCore

@Suite("Categorical statistics and special functions against scipy vectors")
struct CategoricalStatisticsTests {
    static let cases = StatisticsVectors.shared.categorical

    @Test(arguments: cases.map(\.name))
    func categoricalCase(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let drift = categoricalDrift(reference: CategoricalReference(counts: c.reference), current: c.current)
        #expect(drift.categories == c.categories)
        #expect(drift.newCategories == c.new_categories)
        #expect(close(drift.psi, c.psi, abs: 1e-12, rel: 1e-9), "psi \(drift.psi) vs \(c.psi)")
        #expect(close(drift.jsDistance, c.js, abs: 1e-12, rel: 1e-9), "js \(drift.jsDistance) vs \(c.js)")
        #expect(close(drift.chi2Statistic, c.chi2_statistic, rel: 1e-9),
                "chi2 \(drift.chi2Statistic) vs \(c.chi2_statistic)")
        #expect(close(drift.chi2PValue, c.chi2_pvalue, abs: 1e-12, rel: 1e-8),
                "chi2 p \(drift.chi2PValue) vs \(c.chi2_pvalue)")
    }

    @Test func gammainccMatchesScipy() {
        for v in StatisticsVectors.shared.gammaincc {
            let q = regularizedUpperIncompleteGamma(v.a, v.x)
            #expect(close(q, v.q, abs: 1e-13, rel: 1e-9), "gammaincc(\(v.a), \(v.x)) = \(v.q), got \(q)")
        }
    }

    @Test func chiSquareSurvivalEdges() {
        #expect(chiSquareSurvival(0, degreesOfFreedom: 3) == 1)
        #expect(chiSquareSurvival(1, degreesOfFreedom: 0).isNaN)
        #expect(chiSquareSurvival(.infinity, degreesOfFreedom: 2) == 0)
    }
}
