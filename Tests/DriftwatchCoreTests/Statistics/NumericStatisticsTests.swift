import Testing
@testable import DriftwatchCore

@Suite("Numeric statistics against numpy/scipy vectors")
struct NumericStatisticsTests {
    static let cases = StatisticsVectors.shared.numeric

    @Test func thereAreHundredsOfNumericCases() {
        #expect(Self.cases.count >= 150)
    }

    @Test(arguments: cases.map(\.name))
    func numericCase(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let reference = NumericReference(values: c.reference)
        let sample = NumericSample(values: c.current)
        #expect(reference.binEdges == c.edges, "PSI edges must be bit-identical to numpy")
        #expect(reference.binCounts == c.reference_bins)
        let drift = numericDrift(reference: reference, sortedCurrent: sample.sorted)
        if !reference.sorted.isEmpty {
            #expect(drift.currentBinCounts == c.current_bins)
        }
        #expect(close(drift.psi, c.psi, abs: 1e-12, rel: 1e-9), "psi \(drift.psi) vs \(c.psi)")
        #expect(close(drift.jsDistance, c.js, abs: 1e-12, rel: 1e-9), "js \(drift.jsDistance) vs \(c.js)")
        #expect(close(drift.ksStatistic, c.ks_statistic, abs: 1e-12), "D \(drift.ksStatistic) vs \(c.ks_statistic)")
        #expect(close(drift.ksPValue, c.ks_pvalue, abs: 0.005), "p \(drift.ksPValue) vs \(c.ks_pvalue)")
        #expect(close(drift.ksPValue, c.ks_pvalue, abs: 1e-5), "p (tight) \(drift.ksPValue) vs \(c.ks_pvalue)")
        #expect(close(drift.wasserstein, c.wasserstein, abs: 1e-12, rel: 1e-9),
                "W1 \(drift.wasserstein) vs \(c.wasserstein)")
        #expect(close(drift.wassersteinNorm, c.wasserstein_norm, abs: 1e-12, rel: 1e-9))

        let s = NumericSummary(sample: sample)
        let e = c.summary
        #expect(s.count == e.count)
        #expect(s.missing == e.missing)
        #expect(close(s.mean, e.mean, abs: 1e-12, rel: 1e-12))
        #expect(close(s.populationStandardDeviation, e.std, abs: 1e-12, rel: 1e-9))
        #expect(close(s.min, e.min) && close(s.max, e.max))
        #expect(close(s.p01, e.p01, rel: 1e-15) && close(s.p25, e.p25, rel: 1e-15))
        #expect(close(s.p50, e.p50, rel: 1e-15) && close(s.p75, e.p75, rel: 1e-15))
        #expect(close(s.p99, e.p99, rel: 1e-15))
    }
}

@Suite("Kolmogorov distribution and KS p-values against scipy")
struct KolmogorovTests {
    @Test func kstwoSurvivalMatchesScipy() {
        var worst = 0.0
        for v in StatisticsVectors.shared.kolmogorov {
            let p = kolmogorovSurvival(n: v.n, x: v.x)
            #expect(close(p, v.sf, abs: 1e-5), "kstwo.sf(\(v.x), \(v.n)) = \(v.sf), got \(p)")
            worst = max(worst, abs(p - v.sf))
        }
        #expect(worst < 1e-5)
        #expect(StatisticsVectors.shared.kolmogorov.count > 500)
    }

    @Test func ksAsymptoticPValuesMatchScipy() {
        for v in StatisticsVectors.shared.ks_pvalues {
            let p = ksAsymptoticPValue(statistic: v.d, referenceCount: v.n1, currentCount: v.n2)
            #expect(close(p, v.p, abs: 1e-6), "d=\(v.d) n=\(v.n1),\(v.n2): scipy \(v.p), got \(p)")
        }
    }

    @Test func emptySampleGivesNaN() {
        #expect(ksAsymptoticPValue(statistic: 0.5, referenceCount: 0, currentCount: 10).isNaN)
        #expect(ksStatisticAndWasserstein(sortedReference: [], sortedCurrent: [1]).ks.isNaN)
    }
}
