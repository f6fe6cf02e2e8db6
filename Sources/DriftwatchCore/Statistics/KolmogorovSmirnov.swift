/// Two-sided asymptotic p-value of the two-sample KS test, exactly what
/// `scipy.stats.ks_2samp(r, c, method="asymp")` returns in scipy 1.17:
/// with m ≥ n the sample sizes and en = m·n / (m + n), p = `kstwo.sf(d, round(en))` — the exact
/// one-sample Kolmogorov distribution at the effective size, rounded half to even like
/// `numpy.round` — clipped to [0, 1]. (Not the limiting `kstwobign`: scipy moved away from it.)
/// NaN when either size is 0, or when en rounds to 0 (sizes 1 and 1; scipy returns NaN too).
public func ksAsymptoticPValue(statistic d: Double, referenceCount: Int, currentCount: Int) -> Double {
    if referenceCount <= 0 || currentCount <= 0 || d.isNaN { return .nan }
    let m = Double(Swift.max(referenceCount, currentCount))
    let n = Double(Swift.min(referenceCount, currentCount))
    let en = m * n / (m + n)
    let effective = Int(en.rounded(.toNearestOrEven))
    if effective < 1 { return .nan }
    return kolmogorovSurvival(n: effective, x: d)
}

/// KS statistic and asymptotic p-value of two ascending samples
/// (`scipy.stats.ks_2samp(r, c, method="asymp")`); the score comparison between model versions.
public func ksTwoSample(sortedReference: [Double], sortedCurrent: [Double])
    -> (statistic: Double, pValue: Double)
{
    let d = ksStatistic(sortedReference: sortedReference, sortedCurrent: sortedCurrent)
    return (d, ksAsymptoticPValue(
        statistic: d, referenceCount: sortedReference.count, currentCount: sortedCurrent.count))
}
