import Testing
@testable import DriftwatchCore

/// The merge walk against scipy's formulas written out naively (searchsorted over the union),
/// on many random small samples with heavy ties, negative values and size 1.
@Suite("KS/W1 merge walk equals the naive scipy formulas")
struct EmpiricalDistancePropertyTests {
    static func naive(_ r: [Double], _ c: [Double]) -> (Double, Double) {
        let all = (r + c).sorted()
        func cdf(_ s: [Double], _ x: Double) -> Double {
            Double(s.filter { $0 <= x }.count) / Double(s.count)
        }
        var d = 0.0
        for x in all { d = max(d, abs(cdf(r, x) - cdf(c, x))) }
        var w = 0.0
        for i in 0..<(all.count - 1) {
            w += abs(cdf(r, all[i]) - cdf(c, all[i])) * (all[i + 1] - all[i])
        }
        return (d, w)
    }

    @Test func randomSamplesWithTies() {
        var g = SplitMix64(seed: 42)
        for trial in 0..<400 {
            let n = Int(g.next() % 40) + 1
            let m = Int(g.next() % 40) + 1
            let levels = [3, 10, 1000][trial % 3]
            let shift = Double(Int(g.next() % 5)) - 2
            let r = (0..<n).map { _ in Double(Int(g.next() % UInt64(levels))) - Double(levels / 2) }
            let c = (0..<m).map { _ in Double(Int(g.next() % UInt64(levels))) - Double(levels / 2) + shift }
            let (d, w) = Self.naive(r, c)
            let reference = NumericReference(values: r)
            let drift = numericDrift(reference: reference, current: c)
            #expect(abs(drift.ksStatistic - d) <= 1e-15, "trial \(trial): D \(drift.ksStatistic) vs \(d)")
            #expect(abs(drift.wasserstein - w) <= 1e-12 * max(1, w), "trial \(trial): W1 \(drift.wasserstein) vs \(w)")
            let direct = ksStatisticAndWasserstein(sortedReference: r.sorted(), sortedCurrent: c.sorted())
            #expect(direct.ks == drift.ksStatistic && direct.wasserstein == drift.wasserstein)
        }
    }
}
