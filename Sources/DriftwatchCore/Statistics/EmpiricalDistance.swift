/// KS statistic and Wasserstein-1 distance of two ascending samples in one merge walk.
///
/// Both empirical CDFs are step functions that change only at sample values, so one pass over
/// the union of the values (O(n + m), no allocation) gives
/// - `ks`: D = sup |F_R(x) − F_C(x)| over every value x of either sample, with right-continuous
///   CDFs, exactly `scipy.stats.ks_2samp(r, c).statistic` (which evaluates
///   `searchsorted(side="right")` at every value);
/// - `wasserstein`: ∫ |F_R(x) − F_C(x)| dx, summed over the gaps between consecutive distinct
///   values, exactly `scipy.stats.wasserstein_distance(r, c)` (`_cdf_distance(1, ...)`).
/// Both NaN when either sample is empty (scipy raises).
public func ksStatisticAndWasserstein(sortedReference r: [Double], sortedCurrent c: [Double])
    -> (ks: Double, wasserstein: Double)
{
    let n = r.count
    let m = c.count
    if n == 0 || m == 0 { return (.nan, .nan) }
    let invN = 1.0 / Double(n)
    let invM = 1.0 / Double(m)
    var i = 0
    var j = 0
    var d = 0.0
    var area = 0.0
    r.withUnsafeBufferPointer { rb in
        c.withUnsafeBufferPointer { cb in
            // x: the current distinct value; advance both samples past every copy of it, so the
            // CDFs are evaluated right-continuously at x, then add |F_R − F_C| · (next − x).
            var x = Swift.min(rb[0], cb[0])
            while true {
                while i < n && rb[i] <= x { i += 1 }
                while j < m && cb[j] <= x { j += 1 }
                let diff = abs(Double(i) * invN - Double(j) * invM)
                if diff > d { d = diff }
                if i == n && j == m { break }
                let next: Double
                if i == n {
                    next = cb[j]
                } else if j == m {
                    next = rb[i]
                } else {
                    next = Swift.min(rb[i], cb[j])
                }
                area += diff * (next - x)
                x = next
            }
        }
    }
    return (d, area)
}

/// The two-sample KS statistic alone (`scipy.stats.ks_2samp(r, c).statistic`).
public func ksStatistic(sortedReference: [Double], sortedCurrent: [Double]) -> Double {
    ksStatisticAndWasserstein(sortedReference: sortedReference, sortedCurrent: sortedCurrent).ks
}

/// W1 alone (`scipy.stats.wasserstein_distance(r, c)`).
public func wassersteinDistance(sortedReference: [Double], sortedCurrent: [Double]) -> Double {
    ksStatisticAndWasserstein(sortedReference: sortedReference, sortedCurrent: sortedCurrent)
        .wasserstein
}

/// `wasserstein_norm` of SPEC section 5: W1 divided by the reference's population standard
/// deviation; 0 when both are 0; +inf when the std is 0 but W1 is not (a constant reference
/// and a window that moved: reported, and above every threshold). NaN if W1 is NaN.
public func normalizedWasserstein(_ w1: Double, referenceStandardDeviation sd: Double) -> Double {
    if w1.isNaN || sd.isNaN { return .nan }
    if sd == 0 { return w1 == 0 ? 0 : .infinity }
    return w1 / sd
}
