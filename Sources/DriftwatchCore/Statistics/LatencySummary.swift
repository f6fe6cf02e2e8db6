/// Serving latency of a window (SPEC section 6, system logger): p50/p95/p99 exactly as
/// `numpy.percentile(latencies, [50, 95, 99])` (linear, on the sorted values), max and mean.
/// NaN/±inf are ignored (see `NumericSample`); every field NaN when no latency is known.
public struct LatencySummary: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
    public var mean: Double

    public init(latencies: [Double]) {
        self.init(sample: NumericSample(values: latencies))
    }

    public init(sample: NumericSample) {
        let s = sample.sorted
        count = s.count
        p50 = percentile(s, 50)
        p95 = percentile(s, 95)
        p99 = percentile(s, 99)
        max = s.last ?? .nan
        var sum = 0.0
        for v in s { sum += v }
        mean = s.isEmpty ? .nan : sum / Double(s.count)
    }
}
