import Foundation

/// Result of a two-sided two-proportion z-test.
public struct TwoProportionZTestResult: Sendable, Equatable {
    /// z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), positive when the first proportion is larger.
    public var statistic: Double
    /// 2 · Φ(−|z|), two-sided.
    public var pValue: Double
}

/// Two-sided two-proportion z-test with the pooled variance, as statsmodels'
/// `proportions_ztest([x1, x2], [n1, n2], value=0, alternative="two-sided", prop_var=False)`;
/// the test vectors compute it with `scipy.stats.norm.sf` (Tests/Reference/generate_ab_vectors.py):
/// p̂ = (x₁ + x₂)/(n₁ + n₂), z = (x₁/n₁ − x₂/n₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),
/// p = 2·`norm.sf(|z|)` = erfc(|z|/√2).
///
/// NaN statistic and p-value when a sample is empty, a count is outside [0, n], or the pooled
/// proportion is 0 or 1 (both samples all successes or all failures: 0/0, which statsmodels also
/// returns as NaN). Callers treat NaN as "no evidence".
public func twoProportionZTest(successes x1: Int, trials n1: Int, otherSuccesses x2: Int, otherTrials n2: Int)
    -> TwoProportionZTestResult
{
    let nan = TwoProportionZTestResult(statistic: .nan, pValue: .nan)
    guard n1 > 0, n2 > 0, (0...n1).contains(x1), (0...n2).contains(x2) else { return nan }
    let d1 = Double(n1), d2 = Double(n2)
    let pooled = Double(x1 + x2) / (d1 + d2)
    let variance = pooled * (1 - pooled) * (1 / d1 + 1 / d2)
    guard variance > 0 else { return nan }
    let z = (Double(x1) / d1 - Double(x2) / d2) / variance.squareRoot()
    return TwoProportionZTestResult(statistic: z, pValue: twoSidedNormalPValue(z))
}

/// 2 · Φ(−|z|) = erfc(|z|/√2), as `2 * scipy.stats.norm.sf(abs(z))`, clipped to [0, 1].
/// erfc keeps full relative precision in the tail where 1 − Φ would cancel.
public func twoSidedNormalPValue(_ z: Double) -> Double {
    if z.isNaN { return .nan }
    return Swift.min(erfc(Swift.abs(z) / 2.0.squareRoot()), 1)
}
