/// Missing and non-finite values, and the sorted finite sample every numeric statistic starts from.
///
/// Handling of special values (the same everywhere in `Statistics/`):
/// - `NaN` is a missing value: excluded from the sample and counted in `missing`.
/// - `+inf` and `-inf` are also excluded and counted in `missing` (and separately in `nonFinite`):
///   an infinite value carries no distributional information, and keeping it would make the mean,
///   the standard deviation and W1 infinite or NaN. Counting it as missing raises the window's
///   missing rate, so a feature that starts sending infinities is still reported (data quality).
///   The Python generator (Tests/Reference/generate_statistics.py) applies the same rule
///   (`x[np.isfinite(x)]`) before calling numpy/scipy.
/// - An empty sample (every value missing) makes every statistic that needs values `NaN`
///   ("undefined"; reported as JSON `null`).
public struct NumericSample: Sendable, Equatable {
    /// Finite values in ascending order.
    public var sorted: [Double]
    /// NaN and ±inf values removed from the input.
    public var missing: Int
    /// The ±inf values among `missing`.
    public var nonFinite: Int

    /// Sorts the finite values of `values` once; every statistic of the window reuses the result.
    public init(values: [Double]) {
        var nan = 0
        var inf = 0
        let finite = [Double](unsafeUninitializedCapacity: values.count) { out, count in
            var k = 0
            values.withUnsafeBufferPointer { src in
                for v in src {
                    out[k] = v
                    if v.isFinite {
                        k += 1
                    } else if v.isNaN {
                        nan += 1
                    } else {
                        inf += 1
                    }
                }
            }
            count = k
        }
        var sorted = finite
        sortAscending(&sorted)
        self.sorted = sorted
        self.missing = nan + inf
        self.nonFinite = inf
    }

    /// A sample whose `sorted` values are already finite and ascending (not checked).
    public init(sortedFinite: [Double], missing: Int = 0, nonFinite: Int = 0) {
        self.sorted = sortedFinite
        self.missing = missing
        self.nonFinite = nonFinite
    }

    /// Number of finite values.
    public var count: Int { sorted.count }
}

/// Sorts finite doubles ascending. For large arrays: an LSD radix sort on the top 32 bits of the
/// order-preserving IEEE-754 keys (4 passes of 8 bits), then an insertion sort that orders the
/// rare keys equal in those bits (falls back to the standard sort if there are many). Small
/// arrays use the standard library sort.
/// The result equals `numpy.sort` for finite input (`-0.0` and `0.0` compare equal in every
/// statistic, so their relative order does not matter).
public func sortAscending(_ values: inout [Double]) {
    if values.count < 256 {
        values.sort()
        return
    }
    radixSort(&values)
}

private func radixSort(_ values: inout [Double]) {
    let n = values.count
    let half = n / 2
    var scratch = [UInt64](repeating: 0, count: n)
    var needsFullSort = false
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 512) { h in
      values.withUnsafeMutableBufferPointer { valueBuf in
        // Reinterpret the doubles in place as order-preserving unsigned keys.
        valueBuf.withMemoryRebound(to: UInt64.self) { keyBuf in
            let keys = keyBuf.baseAddress!
            scratch.withUnsafeMutableBufferPointer { scratchBuf in
                for i in 0..<n {
                    let bits = keys[i]
                    keys[i] = (bits >> 63) == 1 ? ~bits : bits | (1 << 63)
                }
                var src = keys
                var dst = scratchBuf.baseAddress!
                // LSD passes over the top four bytes (sign, exponent, 20 mantissa bits): keys that
                // agree there are within a relative 2^-20 of each other and rare; the insertion
                // sort below puts them in order. Each pass counts and scatters the two halves
                // of the array as two interleaved streams with their own offsets (the second
                // half's after the first's in every bucket, so the pass stays stable): two
                // independent store-to-load chains instead of one.
                for pass in 0..<4 {
                    let shift = UInt64(32 + pass * 8)
                    for d in 0..<512 { h[d] = 0 }
                    for i in 0..<half {
                        h[Int((src[i] >> shift) & 255)] += 1
                        h[256 + Int((src[half + i] >> shift) & 255)] += 1
                    }
                    if n & 1 == 1 { h[256 + Int((src[n - 1] >> shift) & 255)] += 1 }
                    // A digit shared by every key leaves the order unchanged: skip the pass.
                    let first = Int((src[0] >> shift) & 255)
                    if h[first] + h[256 + first] == n { continue }
                    var total = 0
                    for d in 0..<256 {
                        let a = h[d]
                        let b = h[256 + d]
                        h[d] = total
                        h[256 + d] = total + a
                        total += a + b
                    }
                    for i in 0..<half {
                        let ka = src[i]
                        let kb = src[half + i]
                        let da = Int((ka >> shift) & 255)
                        let db = 256 + Int((kb >> shift) & 255)
                        dst[h[da]] = ka
                        h[da] += 1
                        dst[h[db]] = kb
                        h[db] += 1
                    }
                    if n & 1 == 1 {
                        let k = src[n - 1]
                        dst[h[256 + Int((k >> shift) & 255)]] = k
                    }
                    swap(&src, &dst)
                }
                if src != keys {
                    keys.update(from: src, count: n)
                }
                // Insertion sort over the nearly sorted keys, with a budget of moves; data whose
                // values crowd into a relative 2^-20 exceed it and take the standard sort.
                var budget = 8 * n + 1024
                var i = 1
                while i < n && budget > 0 {
                    let k = keys[i]
                    var j = i
                    while j > 0 && keys[j - 1] > k {
                        keys[j] = keys[j - 1]
                        j -= 1
                    }
                    keys[j] = k
                    budget -= i - j
                    i += 1
                }
                for i in 0..<n {
                    let k = keys[i]
                    keys[i] = (k >> 63) == 1 ? k & ~(1 << 63) : ~k
                }
                needsFullSort = budget <= 0
            }
        }
      }
    }
    if needsFullSort { values.sort() }
}
