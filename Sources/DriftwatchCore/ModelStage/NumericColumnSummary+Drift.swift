/// Drift statistics of a (merged) numeric column against the reference, from the fine bins.
///
/// - PSI and JS are EXACT: the decile bins are unions of fine bins, so their counts are the
///   counts `psiBinCounts` would give over the union of the events, and the same functions
///   (`populationStabilityIndex`, `jensenShannonDistance`) run on them: bit-identical to
///   `numericDrift` over the raw union.
/// - KS: both CDFs are known exactly at every fine edge (as left limits); inside a bin
///   [e_{k-1}, e_k) F_R stays in [A_{k-1}, A_k] and F_C in [C_{k-1}, C_k], so
///   D_lo = max_k |A_k − C_k| ≤ D ≤ D_hi = max(D_lo, max_k max(A_k − C_{k-1}, C_k − A_{k-1})).
///   Reported D = (D_lo + D_hi) / 2 and `ksBound` = (D_hi − D_lo) / 2 ≤ (r_k + c_k) / 2 for the
///   worst bin: about 1/(2B) for the reference's share (≤ 1/B per bin) plus half the window's
///   share of one bin (small unless the window piles into one reference bin, when D is large). Point-mass bins and the
///   two outer bins are exact (F_R is constant there).
/// - W1 = ∫|F_R − F_C|: per inner bin ∫F_R is exact (prepared) and ∫F_C follows from the count
///   and the offsets to ±width/64 per value (rounded to 1/64); Σ|∫(F_R − F_C)| ≤ W1 ≤ that + Σ 2·w_k·min(P_k, N_k)
///   where P_k = A_k − C_{k-1}, N_k = C_k − A_{k-1} (only bins where the CDFs may cross
///   contribute). The outer bins are exact (sums of distances to the first/last edge).
///   Reported W1 is the midpoint; `wassersteinBound` the half-width plus the offset rounding.
///   As every inner bin is at most range/B wide (range = reference max − min) and
///   Σ 2·min(P, N) ≤ Σ (r_k + c_k) ≤ 2, the bound is at most range/B · (1 + 1/64): within the
///   "2·range/B" of SPEC section 6, and usually far less (only bins where the CDFs cross count).
/// The p-value is `ksAsymptoticPValue` at the reported D.
public struct BinnedNumericDrift: Sendable, Equatable {
    public var drift: NumericDrift
    /// |D − exact D| ≤ ksBound.
    public var ksBound: Double
    /// |W1 − exact W1| ≤ wassersteinBound.
    public var wassersteinBound: Double
}

extension NumericColumnSummary {
    public func drift(fine: FineBins, reference: NumericReference) -> BinnedNumericDrift {
        let deciles = fine.decileCounts(bins)
        let psi = populationStabilityIndex(reference: reference.binCounts, current: deciles)
        let js = jensenShannonDistance(reference: reference.binCounts, current: deciles)
        let nR = fine.referenceTotal
        let nC = count
        var d = Double.nan, ksBound = Double.nan, w1 = Double.nan, w1Bound = Double.nan
        if nR > 0 && nC > 0 && bins.count == fine.count {
            let edges = fine.edges
            let dR = Double(nR), dC = Double(nC)
            var cumR = 0, cumC = 0
            var previousA = 0.0, previousC = 0.0
            var lo = 0.0, hi = 0.0
            var estimate = 0.0, crossing = 0.0, rounding = 0.0
            for k in 0..<edges.count {
                cumR += fine.referenceCounts[k]
                cumC += bins[k]
                let a = Double(cumR) / dR, c = Double(cumC) / dC
                lo = Swift.max(lo, abs(a - c))
                if k > 0 {
                    let w = edges[k] - edges[k - 1]
                    let point = edges[k] == edges[k - 1].nextUp
                    let p = a - previousC, n = c - previousA
                    if !point { hi = Swift.max(hi, p, n) }
                    let integralC = previousC * w
                        + w * (Double(bins[k]) - Double(offsets[k]) / Self.offsetLevels) / dC
                    estimate += abs(fine.referenceIntegrals[k] - integralC)
                    if p > 0 && n > 0 { crossing += 2 * w * Swift.min(p, n) }
                    rounding += w * Double(bins[k]) / (Self.offsetLevels * dC)
                }
                previousA = a
                previousC = c
            }
            hi = Swift.max(hi, lo)
            d = (lo + hi) / 2
            ksBound = (hi - lo) / 2
            // Outer bins: F_R = 0 below the minimum, 1 above the maximum; exact.
            estimate += (belowSum.value + aboveSum.value) / dC
            w1 = estimate + crossing / 2
            w1Bound = crossing / 2 + rounding
        }
        let result = NumericDrift(
            psi: psi, ksStatistic: d,
            ksPValue: ksAsymptoticPValue(statistic: d, referenceCount: nR, currentCount: nC),
            wasserstein: w1,
            wassersteinNorm: normalizedWasserstein(w1, referenceStandardDeviation: reference.populationStandardDeviation),
            jsDistance: js, binEdges: reference.binEdges, referenceBinCounts: reference.binCounts,
            currentBinCounts: deciles, count: nC)
        return BinnedNumericDrift(drift: result, ksBound: ksBound, wassersteinBound: w1Bound)
    }

    /// The q-th percentile (0...100), `numpy.percentile` (linear) approximated from the bins:
    /// each order statistic is placed uniformly inside its bin (bin range clipped to [min, max]),
    /// so the error is at most the width of the bin it falls in. NaN when empty.
    public func approximatePercentile(_ q: Double, fine: FineBins?) -> Double {
        guard count > 0 else { return .nan }
        let h = Double(count - 1) * q / 100
        let j = Int(h.rounded(.down))
        let a = orderStatistic(j, fine: fine)
        if h == Double(j) || j + 1 >= count { return a }
        let b = orderStatistic(j + 1, fine: fine)
        return a + (b - a) * (h - Double(j))
    }

    private func orderStatistic(_ j: Int, fine: FineBins?) -> Double {
        var below = 0
        for k in bins.indices {
            let n = bins[k]
            if j < below + n {
                let edges = fine?.edges ?? []
                var lo = k == 0 ? min : edges[k - 1]
                var hi = k == edges.count ? max : edges[k]
                lo = Swift.min(Swift.max(lo, min), max)
                hi = Swift.min(Swift.max(hi, min), max)
                // An atom's bin is [v, v.nextUp): every value in it is v (placing order statistics
                // inside it would report 5e-324 for a column that is mostly 0).
                if hi <= lo.nextUp { return lo }
                let t = (Double(j - below) + 0.5) / Double(n)
                return lo + (hi - lo) * t
            }
            below += n
        }
        return max
    }
}
