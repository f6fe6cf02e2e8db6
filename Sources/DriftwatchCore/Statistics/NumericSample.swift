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
        var finite = [Double](unsafeUninitializedCapacity: values.count) { out, count in
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
