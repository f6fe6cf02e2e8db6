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

    /// Sorts and prepares `values`; NaN and ±inf are dropped (counted in `missing`).
    public init(values: [Double]) {
        self.init(sample: NumericSample(values: values))
    }

    public init(sample: NumericSample) {
        sorted = sample.sorted
        steps = EmpiricalSteps(sorted: sample.sorted)
        missing = sample.missing
        binEdges = psiBinEdges(sortedReference: sample.sorted)
        binCounts = psiBinCounts(sorted: sample.sorted, edges: binEdges)
        let (m, sd) = meanAndPopulationStandardDeviation(sample.sorted)
        mean = m
        populationStandardDeviation = sd
    }
}
