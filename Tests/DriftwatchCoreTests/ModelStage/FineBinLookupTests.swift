import Testing
@testable import DriftwatchCore

/// `FineBins.bin(of:)` (the grid lookup) equals `upperBound(edges, x)`, the binary search it
/// replaced, on every edge, its neighbours, the points between edges and random values, for
/// references with point masses, heavy tails, a constant and a single value.
@Suite struct FineBinLookupTests {
    static func references() -> [[Double]] {
        var rng = SplitMix64(seed: 11)
        let uniform = (0..<5_000).map { _ in rng.unit() * 100 }
        // Heavy right tail: quantile edges crowd near 0, so some grid cells hold many edges.
        let tail = (0..<5_000).map { _ in let u = rng.unit(); return 1 / (1 - u * 0.999) }
        // Integers: point masses get bins of their own ([v, v⁺)).
        let integers = (0..<5_000).map { _ in Double(Int(rng.unit() * 20)) }
        let negative = (0..<2_000).map { _ in -1e6 + rng.unit() * 1e-3 }
        return [uniform, tail, integers, negative, [7, 7, 7], [3.5], [-1e300, 1e300]]
    }

    @Test(arguments: [10, 1000])
    func lookupEqualsBinarySearch(bins: Int) {
        var rng = SplitMix64(seed: 5)
        for values in Self.references() {
            let fine = FineBins(reference: NumericReference(values: values), bins: bins)
            let e = fine.edges
            var probes: [Double] = [-.greatestFiniteMagnitude, .greatestFiniteMagnitude, 0, -0.0]
            for (k, x) in e.enumerated() {
                probes += [x, x.nextUp, x.nextDown]
                if k > 0 { probes.append((e[k - 1] + x) / 2) }
            }
            let lo = e.first ?? 0, hi = e.last ?? 1
            for _ in 0..<2_000 { probes.append(lo - (hi - lo) * 0.1 + rng.unit() * (hi - lo) * 1.2) }
            probes += values
            for x in probes where x.isFinite {
                #expect(fine.bin(of: x) == upperBound(e, x), "x = \(x), \(e.count) edges")
            }
        }
    }

    /// The in-bin offset's rounding without libm equals `rounded()` (half away from zero),
    /// halves and their neighbours included.
    @Test func offsetRoundingEqualsRounded() {
        var rng = SplitMix64(seed: 8)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, 63.5, 64, 0.49999999999999994, -0.49999999999999994,
                                4_503_599_627_370_495.5, 1e300, -1e300, .nan]
        for k in 0...128 {
            let h = Double(k) / 2
            values += [h, h.nextUp, h.nextDown, -h, (-h).nextUp, (-h).nextDown]
        }
        for _ in 0..<20_000 { values.append(rng.uniform(-70, 70)) }
        for v in values {
            let r = NumericColumnSummary.roundedHalfAwayFromZero(v)
            #expect(r == v.rounded() || (r.isNaN && v.isNaN), "v = \(v)")
        }
    }
}
