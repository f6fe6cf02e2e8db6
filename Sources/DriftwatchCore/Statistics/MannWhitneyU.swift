import Foundation

/// Result of a two-sided Mann–Whitney U test.
public struct MannWhitneyUResult: Sendable, Equatable {
    /// U₁ = R₁ − n₁(n₁ + 1)/2 of the first sample (R₁ its sum of mid-ranks), as scipy reports it.
    public var statistic: Double
    /// Two-sided asymptotic p-value with tie and continuity corrections.
    public var pValue: Double
    /// U₁ / (n₁n₂): the probability that a value of the first sample exceeds one of the second
    /// (ties counting half); above 0.5 the first sample tends to be larger.
    public var commonLanguageEffect: Double
}

/// Two-sided Mann–Whitney U test, exactly
/// `scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)`
/// (scipy 1.17, `_mannwhitneyu.py`):
/// mid-ranks of the pooled sample, U₁ = R₁ − n₁(n₁+1)/2, U = max(U₁, n₁n₂ − U₁),
/// σ = √(n₁n₂/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1)))) over tie groups of size t,
/// z = (U − n₁n₂/2 − 0.5)/σ, p = 2·`norm.sf(z)` clipped to [0, 1].
///
/// The inputs need not be sorted and are not modified. Callers pass finite values (missing ones
/// excluded, as for every statistic here). NaN for an empty sample, where scipy raises. When every
/// value is tied σ is 0 and, as in scipy, z = −∞ and p = 1.
public func mannWhitneyU(_ x: [Double], _ y: [Double]) -> MannWhitneyUResult {
    let n1 = x.count, n2 = y.count
    guard n1 > 0, n2 > 0 else { return MannWhitneyUResult(statistic: .nan, pValue: .nan, commonLanguageEffect: .nan) }
    var a = x, b = y
    sortAscending(&a)
    sortAscending(&b)
    // Merge walk over the distinct values: a tie group spanning 0-based positions start...end has
    // mid-rank (start + end + 2)/2, so twice R₁ is an exact integer sum.
    var i = 0, j = 0, position = 0
    var twiceRankSum = 0
    var tieTerm = 0.0
    while i < n1 || j < n2 {
        let v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j]
        var inX = 0, inY = 0
        while i < n1 && a[i] == v { i += 1; inX += 1 }
        while j < n2 && b[j] == v { j += 1; inY += 1 }
        let t = inX + inY
        twiceRankSum += inX * (2 * position + t + 1)
        let td = Double(t)
        tieTerm += td * td * td - td
        position += t
    }
    let d1 = Double(n1), d2 = Double(n2), n = d1 + d2
    let u1 = Double(twiceRankSum) / 2 - d1 * (d1 + 1) / 2
    let u = Swift.max(u1, d1 * d2 - u1)
    // Clamped at 0: with every value tied the bracket is 0 up to rounding, never below it.
    let sigma = Swift.max(d1 * d2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))), 0).squareRoot()
    let z = (u - d1 * d2 / 2 - 0.5) / sigma
    // 2·norm.sf(z) = erfc(z/√2); z may be −∞ (all tied), where erfc gives 2 and the clip 1.
    let p = Swift.min(Swift.max(erfc(z / 2.0.squareRoot()), 0), 1)
    return MannWhitneyUResult(statistic: u1, pValue: p, commonLanguageEffect: u1 / (d1 * d2))
}
