import Foundation

/// A mergeable latency histogram with log-spaced buckets (DDSketch's layout): bucket i holds
/// values in (γ^(i-1), γ^i] with γ = 1.02 and stands for 2γ^i / (γ + 1), within
/// (γ − 1) / (γ + 1) < 1% of every value in it. Zero (and negative) values have their own count;
/// the maximum and the sum are kept exactly. Percentiles follow `numpy.percentile` (linear)
/// over the bucket values, so each is within 1% of numpy's (SPEC section 5: latency).
public struct LogHistogram: Sendable, Equatable {
    public static let gamma = 1.02
    private static let logGamma = log(gamma)

    /// Count per bucket index, only non-empty buckets.
    public var buckets: [Int: Int] = [:]
    /// Values ≤ 0.
    public var zeros = 0
    public var count = 0
    /// Largest value (−inf when empty).
    public var max = -Double.infinity
    public var sum = ExactSum()

    public init() {}

    /// The histogram of the finite values (NaN/±inf ignored, as `LatencySummary` does).
    public init(_ values: [Double]) {
        var sums = ExactSum.Accumulator()
        for v in values where v.isFinite {
            count += 1
            sums.add(v)
            if v > max { max = v }
            if v <= 0 { zeros += 1 } else { buckets[Self.index(of: v), default: 0] += 1 }
        }
        sum = sums.sum
    }

    @inline(__always)
    static func index(of v: Double) -> Int { Int((log(v) / logGamma).rounded(.up)) }

    static func value(ofBucket i: Int) -> Double { 2 * pow(gamma, Double(i)) / (gamma + 1) }

    public mutating func merge(_ other: LogHistogram) {
        for (i, n) in other.buckets { buckets[i, default: 0] += n }
        zeros += other.zeros
        count += other.count
        max = Swift.max(max, other.max)
        sum += other.sum
    }

    public var mean: Double { count > 0 ? sum.value / Double(count) : .nan }

    /// `numpy.percentile(values, q)` within 1%; NaN when empty.
    public func percentile(_ q: Double) -> Double {
        guard count > 0 else { return .nan }
        let h = Double(count - 1) * q / 100
        let j = Int(h.rounded(.down))
        let ordered = buckets.keys.sorted()
        func orderStatistic(_ r: Int) -> Double {
            if r < zeros { return 0 }
            var below = zeros
            for i in ordered {
                below += buckets[i]!
                if r < below { return Swift.min(Self.value(ofBucket: i), max) }
            }
            return max
        }
        let a = orderStatistic(j)
        if j + 1 >= count || h == Double(j) { return a }
        return a + (orderStatistic(j + 1) - a) * (h - Double(j))
    }

    /// `{"p50", "p95", "p99", "max", "mean"}` as the system logger reports latency.
    var latencyObject: JSONValue {
        .object([
            "p50": StageReport.num(percentile(50)), "p95": StageReport.num(percentile(95)),
            "p99": StageReport.num(percentile(99)), "max": StageReport.num(count > 0 ? max : .nan),
            "mean": StageReport.num(mean),
        ])
    }
}
