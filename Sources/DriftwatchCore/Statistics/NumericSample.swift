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
        var finite = [Double]()
        finite.reserveCapacity(values.count)
        var nan = 0
        var inf = 0
        for v in values {
            if v.isFinite {
                finite.append(v)
            } else if v.isNaN {
                nan += 1
            } else {
                inf += 1
            }
        }
        sortAscending(&finite)
        self.sorted = finite
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

/// Sorts finite doubles ascending. Uses an LSD radix sort on the IEEE-754 bit patterns for
/// large arrays (linear time, no comparisons), the standard library sort for small ones.
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
    // Map each double to an unsigned key that orders like the double.
    var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
        values.withUnsafeBufferPointer { src in
            for i in 0..<n {
                let bits = src[i].bitPattern
                buffer[i] = (bits >> 63) == 1 ? ~bits : bits | (1 << 63)
            }
        }
        count = n
    }
    var scratch = [UInt64](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 2048)
    keys.withUnsafeMutableBufferPointer { keyBuf in
        scratch.withUnsafeMutableBufferPointer { scratchBuf in
            counts.withUnsafeMutableBufferPointer { cnt in
                var src = keyBuf
                var dst = scratchBuf
                var inScratch = false
                // 11-bit digits: 6 passes cover 64 bits; a pass whose digit is constant is skipped.
                for pass in 0..<6 {
                    let shift = UInt64(pass * 11)
                    for d in 0..<2048 { cnt[d] = 0 }
                    for i in 0..<n { cnt[Int((src[i] >> shift) & 2047)] += 1 }
                    if cnt[Int((src[0] >> shift) & 2047)] == n { continue }
                    var total = 0
                    for d in 0..<2048 {
                        let c = cnt[d]
                        cnt[d] = total
                        total += c
                    }
                    for i in 0..<n {
                        let k = src[i]
                        let d = Int((k >> shift) & 2047)
                        dst[cnt[d]] = k
                        cnt[d] += 1
                    }
                    swap(&src, &dst)
                    inScratch.toggle()
                }
                if inScratch {
                    // Result lives in scratch; copy back into keys.
                    for i in 0..<n { keyBuf[i] = scratchBuf[i] }
                }
            }
        }
    }
    values.withUnsafeMutableBufferPointer { out in
        for i in 0..<n {
            let k = keys[i]
            let bits = (k >> 63) == 1 ? k & ~(1 << 63) : ~k
            out[i] = Double(bitPattern: bits)
        }
    }
}
