import Foundation

/// One numeric column of a window in mergeable form: counts over the reference's fine bins,
/// where in its bin each value fell, exact sums, min, max and the missing-value counters.
/// Every field merges by addition (or min/max), so merging is associative and commutative.
public struct NumericColumnSummary: Sendable, Equatable {
    /// Levels of a value's position inside its bin: (x − e_{k-1}) / width, rounded to 1/64
    /// (two digits in JSON; the W1 error it adds is at most width/128 per value).
    public static let offsetLevels = 64.0

    /// Counts per fine bin (`FineBins.count`; one bin holding everything without a reference).
    public var bins: [Int]
    /// Per fine bin, Σ round(64 · (x − lower edge) / width) over its values (inner bins only;
    /// 0 for the two outer bins): ∫F_C over the bin follows from it to width/128 per value.
    public var offsets: [Int]
    /// Σ (e_0 − x) over values below the first edge and Σ (x − e_last) over values above the
    /// last, exact: the outer bins' contribution to W1 is exact.
    public var belowSum: ExactSum
    public var aboveSum: ExactSum
    /// Σ x and Σ x² over the finite values, exact.
    public var sum: ExactSum
    public var sumOfSquares: ExactSum
    /// Finite values.
    public var count: Int
    /// Smallest and largest finite value (+inf / −inf when there is none).
    public var min: Double
    public var max: Double
    /// Events where the key was present with null.
    public var nulls: Int
    /// Values of the other type (categories in a numeric column).
    public var typeErrors: Int
    /// NaN/±inf values (missing, as in `NumericSample`).
    public var nonFinite: Int
    /// Events that carried the key at all.
    public var present: Int
    /// Finite values outside the reference's [p0.1, p99.9] (`FineBins.validRange`).
    public var outOfRange: Int

    /// An empty column over `binCount` bins.
    public init(binCount: Int) {
        bins = Self.zeros(binCount)
        offsets = Self.zeros(binCount)
        belowSum = ExactSum()
        aboveSum = ExactSum()
        sum = ExactSum()
        sumOfSquares = ExactSum()
        count = 0
        min = .infinity
        max = -.infinity
        nulls = 0
        typeErrors = 0
        nonFinite = 0
        present = 0
        outOfRange = 0
    }

    /// Bins `values`; `fine` nil means no reference (a single bin: sums, count, min and max only).
    public init(values: [Double], fine: FineBins?) {
        // The binning pass below allocates the fine bins itself.
        self.init(binCount: fine == nil ? 1 : 0)
        // Sums in passes of their own over the buffer (no per-value bounds or uniqueness checks);
        // the accumulators skip NaN and ±inf as the binning pass below does.
        var sums = ExactSum.Accumulator()
        var squares = ExactSum.Accumulator()
        var below = ExactSum.Accumulator()
        var above = ExactSum.Accumulator()
        values.withUnsafeBufferPointer { v in
            sums.add(contentsOf: v)
            // x² = p + e exactly (fma), so Σx² is exact too.
            squares.addSquares(of: v)
        }
        sum = sums.sum
        sumOfSquares = squares.sum
        var count = 0, nonFinite = 0
        var min = Double.infinity, max = -Double.infinity
        // Unwrapped once: an optional struct of arrays bound per value costs a retain/release each.
        guard let fine else {
            for x in values {
                guard x.isFinite else { nonFinite += 1; continue }
                count += 1
                if x < min { min = x }
                if x > max { max = x }
            }
            bins[0] = count
            (self.count, self.nonFinite, self.min, self.max) = (count, nonFinite, min, max)
            return
        }
        // Fresh arrays, not copies of `self`'s: mutating a copy would copy it first.
        var bins = Self.zeros(fine.count), offsets = Self.zeros(fine.count)
        let last = fine.edges.count
        let levels = Self.offsetLevels
        values.withUnsafeBufferPointer { v in
        fine.edges.withUnsafeBufferPointer { edges in
        fine.lookup.starts.withUnsafeBufferPointer { starts in
        bins.withUnsafeMutableBufferPointer { bins in
        offsets.withUnsafeMutableBufferPointer { offsets in
            for x in v {
                guard x.isFinite else { nonFinite += 1; continue }
                count += 1
                if x < min { min = x }
                if x > max { max = x }
                let k = fine.lookup.bin(of: x, edges, starts)
                bins[k] += 1
                if k == 0 {
                    below.add(edges[0] - x)
                } else if k == last {
                    above.add(x - edges[last - 1])
                } else {
                    let lo = edges[k - 1]
                    let level = Self.roundedHalfAwayFromZero((x - lo) / (edges[k] - lo) * levels)
                    offsets[k] += Int(Swift.min(Swift.max(level, 0), levels))
                }
            }
        }}}}}
        self.bins = bins
        self.offsets = offsets
        (self.count, self.nonFinite, self.min, self.max) = (count, nonFinite, min, max)
        belowSum = below.sum
        aboveSum = above.sum
    }

    /// `v.rounded()` (half away from zero) without a call into libm: the fractional part
    /// v − trunc(v) is exact, so comparing it with ±0.5 decides as `round` does.
    @inline(__always)
    static func roundedHalfAwayFromZero(_ v: Double) -> Double {
        guard v.magnitude < 4_503_599_627_370_496 else { return v.rounded() }  // 2^52: NaN, huge
        let t = Double(Int64(v))
        let f = v - t
        return f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
    }

    /// `count` zeros, cleared in one `memset` (`Array(repeating:count:)` stores one element at
    /// a time: 2,000 bins per column per sub-window added up to 4% of replay's instructions).
    static func zeros(_ count: Int) -> [Int] {
        [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { _ = memset(buffer.baseAddress!, 0, count * MemoryLayout<Int>.stride) }
            initialized = count
        }
    }

    /// Adds `other` (same bins; a column over other bins is a caller error and is not binned).
    public mutating func merge(_ other: NumericColumnSummary) {
        if bins.count == other.bins.count {
            Self.add(other.bins, to: &bins)
            Self.add(other.offsets, to: &offsets)
        }
        belowSum += other.belowSum
        aboveSum += other.aboveSum
        sum += other.sum
        sumOfSquares += other.sumOfSquares
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        nulls += other.nulls
        typeErrors += other.typeErrors
        nonFinite += other.nonFinite
        present += other.present
        outOfRange += other.outOfRange
    }

    /// a[k] += b[k] over equal-length arrays, through pointers (a loop the compiler vectorizes).
    private static func add(_ b: [Int], to a: inout [Int]) {
        b.withUnsafeBufferPointer { b in
            a.withUnsafeMutableBufferPointer { a in
                for k in 0..<a.count { a[k] &+= b[k] }
            }
        }
    }

    /// `numpy.mean` of the values (from the exact sum); NaN when empty.
    public var mean: Double { count > 0 ? sum.value / Double(count) : .nan }

    /// Population standard deviation (`numpy.std`, ddof=0) from the exact sums without
    /// cancellation: with m the rounded mean and r = Σx − n·m (exact, tiny),
    /// Σ(x − m)² = Σx² − n·m² − 2·m·r, where Σx² − n·m² is formed exactly (error-free products,
    /// `fma`) before rounding. Agrees with numpy to about 1e-15 relative. NaN when empty.
    public var populationStandardDeviation: Double {
        guard count > 0 else { return .nan }
        let n = Double(count)
        let m = mean
        // n·m = p1 + e1 and p1·m = p2 + e2, e1·m = p3 + e3 exactly (two-product by fma).
        let q1 = n * m
        let f1 = (-q1).addingProduct(n, m)
        let q2 = q1 * m
        let f2 = (-q2).addingProduct(q1, m)
        let q3 = f1 * m
        let f3 = (-q3).addingProduct(f1, m)
        var residual = ExactSum.Accumulator()
        residual.add(q1)
        residual.add(f1)
        let r = (sum - residual.sum).value
        var deviation = ExactSum.Accumulator()
        for t in [q2, f2, q3, f3] { deviation.add(-t) }
        let squares = (sumOfSquares + deviation.sum).value - 2 * m * r
        return Swift.max(squares / n, 0).squareRoot()
    }
}
