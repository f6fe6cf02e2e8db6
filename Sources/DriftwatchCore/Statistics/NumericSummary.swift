/// Descriptive statistics of a numeric feature in one window (SPEC section 6, feature profiler).
///
/// Matches numpy on the finite values (see `NumericSample` for NaN/±inf):
/// `mean` = `numpy.mean`, `populationStandardDeviation` = `numpy.std` (ddof=0),
/// `min`/`max` = `numpy.min`/`numpy.max`, quantiles = `numpy.percentile([1, 25, 50, 75, 99])`
/// (linear). All NaN when there is no finite value.
public struct NumericSummary: Sendable, Equatable {
    /// Finite values.
    public var count: Int
    /// NaN and ±inf values (see `NumericSample`).
    public var missing: Int
    public var mean: Double
    public var populationStandardDeviation: Double
    public var min: Double
    public var max: Double
    public var p01: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p99: Double

    /// Convenience: sorts `values` (use `init(sample:)` when the sample is already sorted).
    public init(values: [Double]) {
        self.init(sample: NumericSample(values: values))
    }

    public init(sample: NumericSample) {
        let s = sample.sorted
        count = s.count
        missing = sample.missing
        let (m, sd) = meanAndPopulationStandardDeviation(s)
        mean = m
        populationStandardDeviation = sd
        min = s.first ?? .nan
        max = s.last ?? .nan
        p01 = percentile(s, 1)
        p25 = percentile(s, 25)
        p50 = percentile(s, 50)
        p75 = percentile(s, 75)
        p99 = percentile(s, 99)
    }
}

/// Mean and population standard deviation (`numpy.mean`, `numpy.std(ddof=0)`), two-pass for
/// accuracy: the mean first, then the mean squared deviation. NaN for an empty array.
public func meanAndPopulationStandardDeviation(_ values: [Double]) -> (mean: Double, std: Double) {
    let n = values.count
    if n == 0 { return (.nan, .nan) }
    var sum = 0.0
    for v in values { sum += v }
    let mean = sum / Double(n)
    var squares = 0.0
    for v in values {
        let d = v - mean
        squares += d * d
    }
    return (mean, (squares / Double(n)).squareRoot())
}

/// Mean of the values (`numpy.mean`); NaN when empty.
public func mean(_ values: [Double]) -> Double {
    meanAndPopulationStandardDeviation(values).mean
}

/// Population standard deviation, dividing by n (`numpy.std(ddof=0)`); NaN when empty.
public func populationStandardDeviation(_ values: [Double]) -> Double {
    meanAndPopulationStandardDeviation(values).std
}
