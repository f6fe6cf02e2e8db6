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
    if r.isEmpty || c.isEmpty { return (.nan, .nan) }
    let steps = EmpiricalSteps(sorted: r)
    return ksAndW1(reference: steps, sortedCurrent: c)
}

/// A sorted sample as a step function: its distinct values followed by a +inf sentinel and,
/// only when there are ties, the number of values at or below each. Ties collapse, so
/// integer-valued features have a few dozen steps instead of tens of thousands of values; data
/// without ties stores 8 bytes per value. The window walk is bound by memory bandwidth (20
/// references of 50,000 values do not fit in cache), so the layout is kept this lean.
/// Prepared once per reference.
struct EmpiricalSteps: Sendable, Equatable {
    /// Distinct values ascending, then +inf.
    var values: [Double]
    /// cumulative[k] = number of values ≤ values[k]; empty when all values are distinct
    /// (then it is k + 1).
    var cumulative: [Int32]
    /// Number of values.
    var count: Int

    init(sorted: [Double]) {
        var values = [Double]()
        var cumulative = [Int32]()
        values.reserveCapacity(sorted.count + 1)
        cumulative.reserveCapacity(sorted.count + 1)
        for (i, v) in sorted.enumerated() {
            if values.last == v {
                cumulative[cumulative.count - 1] = Int32(i + 1)
            } else {
                values.append(v)
                cumulative.append(Int32(i + 1))
            }
        }
        let tied = values.count < sorted.count
        values.append(.infinity)
        self.values = values
        self.cumulative = tied ? cumulative : []
        count = sorted.count
    }
}

/// Counts at or below step k: k + 1 without ties, the stored cumulative counts with them.
protocol StepCounts {
    func at(_ k: Int) -> Double
}

struct DistinctStepCounts: StepCounts {
    @inline(__always) func at(_ k: Int) -> Double { Double(k + 1) }
}

struct TiedStepCounts: StepCounts {
    let counts: UnsafeBufferPointer<Int32>
    @inline(__always) func at(_ k: Int) -> Double { Double(counts[k]) }
}

/// The merge walk of the reference steps with the ascending current sample, O(steps + m), no
/// allocation. The outer loop runs over the current distinct values; between two of them F_C
/// is a constant a, and the inner loop walks the reference steps below the next one (the +inf
/// sentinel ends it without a bounds test), integrating |F_R − a|. Within such a run F_R only
/// grows, so the largest |F_R − a| is at one of its ends: D is updated once per current value,
/// with the CDFs computed as scipy does (count / n), so D is bit-identical to `ks_2samp`'s.
func ksAndW1(reference steps: EmpiricalSteps, sortedCurrent c: [Double]) -> (ks: Double, wasserstein: Double) {
    if steps.count == 0 || c.isEmpty { return (.nan, .nan) }
    return steps.values.withUnsafeBufferPointer { rv in
        c.withUnsafeBufferPointer { cb in
            if steps.cumulative.isEmpty {
                return walk(rv, DistinctStepCounts(), n: steps.count, cb)
            }
            return steps.cumulative.withUnsafeBufferPointer { counts in
                walk(rv, TiedStepCounts(counts: counts), n: steps.count, cb)
            }
        }
    }
}

@inline(__always)
private func walk<Counts: StepCounts>(_ rv: UnsafeBufferPointer<Double>, _ counts: Counts, n: Int,
                                      _ cb: UnsafeBufferPointer<Double>) -> (ks: Double, wasserstein: Double)
{
    let m = cb.count
    let dm = Double(m)
    let dn = Double(n)
    let invN = 1 / dn
    var k = 0  // next reference step
    var belowCount = 0.0  // reference values at or below x
    var j = 0
    var d = 0.0
    var area = 0.0
    var x = Swift.min(rv[0], cb[0])
    while j < m {
        let cv = cb[j]
        let a = Double(j) / dm
        // Reference steps strictly below cv: F_R is belowCount/n on [x, rv[k]).
        while rv[k] < cv {
            let rk = rv[k]
            area += abs(belowCount * invN - a) * (rk - x)
            x = rk
            belowCount = counts.at(k)
            k += 1
        }
        d = Swift.max(d, abs(belowCount / dn - a))
        area += abs(belowCount * invN - a) * (cv - x)
        x = cv
        if rv[k] == cv {
            belowCount = counts.at(k)
            k += 1
        }
        j += 1
        while j < m && cb[j] == cv { j += 1 }
        d = Swift.max(d, abs(belowCount / dn - Double(j) / dm))
    }
    // Past the last current value F_C = 1; the sentinel is the last entry.
    let last = rv.count - 1
    while k < last {
        let rk = rv[k]
        area += (1 - belowCount * invN) * (rk - x)
        x = rk
        belowCount = counts.at(k)
        k += 1
    }
    return (d, area)
}

/// The two-sample KS statistic alone (`scipy.stats.ks_2samp(r, c).statistic`).
public func ksStatistic(sortedReference: [Double], sortedCurrent: [Double]) -> Double {
    ksStatisticAndWasserstein(sortedReference: sortedReference, sortedCurrent: sortedCurrent).ks
}

/// `wasserstein_norm` of SPEC section 5: W1 divided by the reference's population standard
/// deviation; 0 when both are 0; +inf when the std is 0 but W1 is not (a constant reference
/// and a window that moved: reported, and above every threshold). NaN if W1 is NaN.
public func normalizedWasserstein(_ w1: Double, referenceStandardDeviation sd: Double) -> Double {
    if w1.isNaN || sd.isNaN { return .nan }
    if sd == 0 { return w1 == 0 ? 0 : .infinity }
    return w1 / sd
}
