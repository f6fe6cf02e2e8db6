/// Every numeric drift statistic of one feature in one window (SPEC section 5).
/// NaN means undefined (an empty side), reported as JSON `null`.
public struct NumericDrift: Sendable, Equatable {
    /// PSI over the reference decile bins with the 1e-4 floor.
    public var psi: Double
    /// `scipy.stats.ks_2samp(r, c, method="asymp")` statistic and p-value.
    public var ksStatistic: Double
    public var ksPValue: Double
    /// `scipy.stats.wasserstein_distance(r, c)` and W1 / std(R) (`normalizedWasserstein`).
    public var wasserstein: Double
    public var wassersteinNorm: Double
    /// `scipy.spatial.distance.jensenshannon` over the PSI bins, raw proportions.
    public var jsDistance: Double
    /// Inner PSI edges (reference deciles) and the counts per bin, for histograms in reports.
    public var binEdges: [Double]
    public var referenceBinCounts: [Int]
    public var currentBinCounts: [Int]
    /// Finite current values compared.
    public var count: Int
}

/// Compares a window with the reference. `current` must be the window's finite values sorted
/// ascending (`NumericSample(values:).sorted`): the one sort per feature is shared by the
/// summary, KS, Wasserstein and the PSI bin counts (binary search per edge).
public func numericDrift(reference: NumericReference, sortedCurrent current: [Double]) -> NumericDrift {
    let currentBins = psiBinCounts(sorted: current, edges: reference.binEdges)
    let (d, w1) = ksAndW1(reference: reference.steps, sortedCurrent: current)
    return NumericDrift(
        psi: populationStabilityIndex(reference: reference.binCounts, current: currentBins),
        ksStatistic: d,
        ksPValue: ksAsymptoticPValue(
            statistic: d, referenceCount: reference.sorted.count, currentCount: current.count),
        wasserstein: w1,
        wassersteinNorm: normalizedWasserstein(
            w1, referenceStandardDeviation: reference.populationStandardDeviation),
        jsDistance: jensenShannonDistance(reference: reference.binCounts, current: currentBins),
        binEdges: reference.binEdges,
        referenceBinCounts: reference.binCounts,
        currentBinCounts: currentBins,
        count: current.count)
}

/// Convenience: drops NaN/±inf from `current` and sorts it first.
public func numericDrift(reference: NumericReference, current: [Double]) -> NumericDrift {
    numericDrift(reference: reference, sortedCurrent: NumericSample(values: current).sorted)
}
