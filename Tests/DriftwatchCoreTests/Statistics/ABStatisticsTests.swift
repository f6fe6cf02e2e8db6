import Testing
@testable import DriftwatchCore

@Suite("A/B version statistics against scipy vectors")
struct ABStatisticsTests {
    @Test func twoProportionZTestMatchesScipy() {
        let cases = ABVectors.shared.two_proportion
        #expect(cases.count > 30)
        for v in cases {
            let r = twoProportionZTest(successes: v.x1, trials: v.n1, otherSuccesses: v.x2, otherTrials: v.n2)
            let label = "z-test \(v.x1)/\(v.n1) vs \(v.x2)/\(v.n2)"
            #expect(close(r.statistic, v.z, abs: 1e-12, rel: 1e-9), "\(label): z \(r.statistic) vs \(v.z)")
            #expect(close(r.pValue, v.p, abs: 1e-6), "\(label): p \(r.pValue) vs \(v.p)")
            // erfc keeps relative precision in the tail, so tiny p-values agree too.
            #expect(close(r.pValue, v.p, abs: 1e-300, rel: 1e-9), "\(label): p (relative) \(r.pValue) vs \(v.p)")
        }
    }

    @Test func twoProportionZTestRejectsImpossibleCounts() {
        #expect(twoProportionZTest(successes: 0, trials: 0, otherSuccesses: 1, otherTrials: 10).pValue.isNaN)
        #expect(twoProportionZTest(successes: 11, trials: 10, otherSuccesses: 1, otherTrials: 10).pValue.isNaN)
        #expect(twoProportionZTest(successes: -1, trials: 10, otherSuccesses: 1, otherTrials: 10).pValue.isNaN)
        let r = twoProportionZTest(successes: 30, trials: 1000, otherSuccesses: 12, otherTrials: 1000)
        #expect(r.statistic > 0, "the first proportion is larger, so z is positive")
    }

    @Test(arguments: ABVectors.shared.mann_whitney.map(\.name))
    func mannWhitneyMatchesScipy(_ name: String) throws {
        let v = try #require(ABVectors.shared.mann_whitney.first { $0.name == name })
        let r = mannWhitneyU(v.x, v.y)
        #expect(close(r.statistic, v.u, abs: 1e-12, rel: 1e-9), "U \(r.statistic) vs \(v.u)")
        #expect(close(r.pValue, v.p, abs: 1e-6), "p \(r.pValue) vs \(v.p)")
        #expect(close(r.pValue, v.p, abs: 1e-300, rel: 1e-9), "p (relative) \(r.pValue) vs \(v.p)")
    }

    @Test func mannWhitneyIsSymmetricAndLeavesInputsAlone() {
        let x: [Double] = [5, 1, 4, 4, 9], y: [Double] = [2, 4, 8, 3]
        let xy = mannWhitneyU(x, y), yx = mannWhitneyU(y, x)
        #expect(xy.statistic + yx.statistic == Double(x.count * y.count))
        #expect(xy.pValue == yx.pValue)
        #expect(close(xy.commonLanguageEffect + yx.commonLanguageEffect, 1, abs: 1e-15))
        #expect(mannWhitneyU([], [1]).pValue.isNaN)
    }

    /// The KS between two versions' score distributions is the existing `ksTwoSample`.
    @Test func scoreKSBetweenVersionsMatchesScipy() {
        for v in ABVectors.shared.ks_scores {
            var a = v.a, b = v.b
            sortAscending(&a)
            sortAscending(&b)
            let r = ksTwoSample(sortedReference: a, sortedCurrent: b)
            #expect(close(r.statistic, v.d, abs: 1e-12), "D \(r.statistic) vs \(v.d)")
            #expect(close(r.pValue, v.p, abs: 1e-6), "p \(r.pValue) vs \(v.p)")
        }
    }
}
