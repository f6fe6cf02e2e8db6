/// A numeric feature's reference sample, prepared once at load (SPEC section 5): sorted finite
/// values, PSI bin edges and counts, mean and population standard deviation.
public struct NumericReference: Sendable, Equatable {
    /// Finite reference values, ascending.
    public let sorted: [Double]
    /// Inner PSI edges (`psiBinEdges`): deciles of the reference, duplicates removed.
    public let binEdges: [Double]
    /// Reference counts per PSI bin (`binEdges.count + 1` bins).
    public let binCounts: [Int]
    /// `numpy.mean` and `numpy.std` (ddof=0) of the finite values.
    public let mean: Double
    public let populationStandardDeviation: Double
    /// NaN/±inf values dropped from the input (see `NumericSample`).
    public let missing: Int
    /// `sorted` as distinct steps with cumulative counts, for the KS/W1 merge walk.
    let steps: EmpiricalSteps
    /// The values a window should stay within: [p0.1, p99.9] of the reference
    /// (`numpy.percentile(ref, [0.1, 99.9])`, linear), or the profile's stored pair. A value
    /// outside it counts toward the feature's `out_of_range_rate`. nil without values.
    public let validRange: ClosedRange<Double>?

    /// Sorts and prepares `values`; NaN and ±inf are dropped (counted in `missing`).
    public init(values: [Double], validRange: ClosedRange<Double>? = nil) {
        self.init(sample: NumericSample(values: values), validRange: validRange)
    }

    public init(sample: NumericSample, validRange: ClosedRange<Double>? = nil) {
        sorted = sample.sorted
        steps = EmpiricalSteps(sorted: sample.sorted)
        missing = sample.missing
        binEdges = psiBinEdges(sortedReference: sample.sorted)
        binCounts = psiBinCounts(sorted: sample.sorted, edges: binEdges)
        let (m, sd) = meanAndPopulationStandardDeviation(sample.sorted)
        mean = m
        populationStandardDeviation = sd
        self.validRange = validRange ?? referenceValidRange(sorted: sample.sorted)
    }
}

/// [p0.1, p99.9] of sorted finite reference values (`numpy.percentile(ref, [0.1, 99.9])`,
/// linear), or nil when there are none: the range outside which a value is "out of range".
public func referenceValidRange(sorted: [Double]) -> ClosedRange<Double>? {
    guard !sorted.isEmpty else { return nil }
    let low = percentile(sorted, 0.1), high = percentile(sorted, 99.9)
    return low <= high ? low...high : nil
}

/// Finite values of `values` outside `range` (NaN and ±inf are missing, not out of range).
public func outOfRangeCount(_ values: [Double], range: ClosedRange<Double>?) -> Int {
    guard let range else { return 0 }
    var n = 0
    for x in values where x.isFinite && (x < range.lowerBound || x > range.upperBound) { n += 1 }
    return n
}

/// `outOfRangeCount` over an ascending sample of finite values (`NumericSample.sorted`): two
/// binary searches instead of a pass over the window.
public func outOfRangeCount(sorted values: [Double], range: ClosedRange<Double>?) -> Int {
    guard let range else { return 0 }
    // First index whose value is not below `bound` (strictly: not at or below it).
    func partition(_ isLeft: (Double) -> Bool) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low &+ high) >> 1
            if isLeft(values[mid]) { low = mid &+ 1 } else { high = mid }
        }
        return low
    }
    let below = partition { $0 < range.lowerBound }
    let notAbove = partition { $0 <= range.upperBound }
    return below + (values.count - notAbove)
}
