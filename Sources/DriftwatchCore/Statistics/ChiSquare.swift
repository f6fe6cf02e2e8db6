/// Chi-square goodness of fit of SPEC section 5, as `scipy.stats.chisquare(observed, expected)`.
public struct ChiSquareResult: Sendable, Equatable {
    /// Σ (o − e)² / e.
    public var statistic: Double
    /// `chi2.sf(statistic, degreesOfFreedom)`; NaN when there are fewer than 2 categories.
    public var pValue: Double
    /// k − 1.
    public var degreesOfFreedom: Int
}

/// Goodness of fit of `observed` counts against reference proportions over the same categories:
/// each reference proportion is floored at 1e-4, the floored proportions are renormalised to
/// sum 1, expected_i = n · p_i, statistic Σ (o_i − e_i)² / e_i, dof = k − 1, p-value from
/// `chiSquareSurvival` (regularised upper incomplete gamma). Matches
/// `scipy.stats.chisquare(obs, n * p_floored / p_floored.sum())`; relative error of the statistic
/// ≤ 1e-12 (plain double sums). NaN statistic and p-value when either side is empty.
public func chiSquareGoodnessOfFit(referenceCounts: [Int], observed: [Int]) -> ChiSquareResult {
    precondition(referenceCounts.count == observed.count, "chi-square needs the same categories")
    let k = observed.count
    let nR = referenceCounts.reduce(0, +)
    let n = observed.reduce(0, +)
    if nR == 0 || n == 0 || k == 0 {
        return ChiSquareResult(statistic: .nan, pValue: .nan, degreesOfFreedom: Swift.max(k - 1, 0))
    }
    var floored = [Double](repeating: 0, count: k)
    var total = 0.0
    for i in 0..<k {
        let p = Swift.max(Double(referenceCounts[i]) / Double(nR), psiProportionFloor)
        floored[i] = p
        total += p
    }
    var statistic = 0.0
    let nd = Double(n)
    for i in 0..<k {
        let expected = nd * (floored[i] / total)
        let diff = Double(observed[i]) - expected
        statistic += diff * diff / expected
    }
    return ChiSquareResult(
        statistic: statistic,
        pValue: chiSquareSurvival(statistic, degreesOfFreedom: k - 1),
        degreesOfFreedom: k - 1)
}
