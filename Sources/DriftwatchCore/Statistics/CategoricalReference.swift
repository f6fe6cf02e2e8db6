/// A categorical feature's reference distribution, prepared once at load: categories in a fixed
/// (sorted) order with their counts, so each window only looks up its own categories.
public struct CategoricalReference: Sendable, Equatable {
    /// Reference categories with a positive count, sorted by name.
    public let categories: [String]
    /// Counts aligned with `categories`.
    public let counts: [Int]
    /// Σ counts.
    public let total: Int
    /// Position of each category in `categories`.
    public let index: [String: Int]

    /// Categories with a zero or negative count are ignored.
    public init(counts: [String: Int]) {
        let kept = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        categories = kept.map(\.key)
        self.counts = kept.map(\.value)
        total = self.counts.reduce(0, +)
        var index = [String: Int](minimumCapacity: kept.count)
        for (i, c) in categories.enumerated() { index[c] = i }
        self.index = index
    }

    /// Raw reference proportions aligned with `categories`.
    public var proportions: [Double] {
        counts.map { total > 0 ? Double($0) / Double(total) : .nan }
    }
}

/// Every categorical drift statistic of one feature in one window (SPEC section 5).
public struct CategoricalDrift: Sendable, Equatable {
    /// The category union: reference categories (sorted), then new categories (sorted).
    public var categories: [String]
    /// Reference and current counts aligned with `categories`.
    public var referenceCounts: [Int]
    public var currentCounts: [Int]
    /// PSI over the union with the 1e-4 floor.
    public var psi: Double
    /// `scipy.stats.chisquare` statistic and p-value (floored, renormalised reference).
    public var chi2Statistic: Double
    public var chi2PValue: Double
    /// Jensen–Shannon distance over the union, raw proportions.
    public var jsDistance: Double
    /// Categories seen in the window but never in the reference, sorted.
    public var newCategories: [String]
    /// Number of current values (Σ currentCounts).
    public var count: Int
}

/// Compares a window's category counts with the reference over the union of categories:
/// PSI (`populationStabilityIndex`), chi-square (`chiSquareGoodnessOfFit`), JS distance
/// (`jensenShannonDistance`) and new categories. Categories with a zero current count are
/// ignored. With an empty window every statistic is NaN and `newCategories` is empty.
public func categoricalDrift(reference: CategoricalReference, current: [String: Int])
    -> CategoricalDrift
{
    var currentCounts = [Int](repeating: 0, count: reference.categories.count)
    var newCategories = [String]()
    var newCounts = [String: Int]()
    var n = 0
    for (category, count) in current where count > 0 {
        n += count
        if let i = reference.index[category] {
            currentCounts[i] += count
        } else {
            if newCounts[category] == nil { newCategories.append(category) }
            newCounts[category, default: 0] += count
        }
    }
    newCategories.sort()
    var categories = reference.categories
    var referenceCounts = reference.counts
    for c in newCategories {
        categories.append(c)
        referenceCounts.append(0)
        currentCounts.append(newCounts[c]!)
    }
    let chi2 = chiSquareGoodnessOfFit(referenceCounts: referenceCounts, observed: currentCounts)
    return CategoricalDrift(
        categories: categories,
        referenceCounts: referenceCounts,
        currentCounts: currentCounts,
        psi: populationStabilityIndex(reference: referenceCounts, current: currentCounts),
        chi2Statistic: chi2.statistic,
        chi2PValue: chi2.pValue,
        jsDistance: jensenShannonDistance(reference: referenceCounts, current: currentCounts),
        newCategories: newCategories,
        count: n)
}
