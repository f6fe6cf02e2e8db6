/// `upperBound(edges, x)` for the fine bins without a binary search over all of them: a uniform
/// grid of cells over [e_0, e_last] remembers, per cell, the range of edges that can bound a
/// value in it, so a lookup is one multiplication, a search over the few edges of one cell (the
/// edges include a uniform grid over the same range, so cells hold about two edges each; dense
/// quantile regions more) and a check.
///
/// The cell of x is computed in floating point and may be off by one at a cell's border; the
/// final two loops step to the exact answer, so the result is always `upperBound(edges, x)`
/// (tested against it, `FineBinLookupTests`).
public struct FineBinLookup: Sendable, Equatable {
    /// First and last edge; below the first is bin 0, at or above the last bin E.
    let first: Double, last: Double
    /// Cells per unit of x.
    let scale: Double
    /// starts[j] = upperBound(edges, first + j / scale), j = 0…cells (a non-decreasing table).
    let starts: [Int32]

    init(edges: [Double]) {
        guard let lo = edges.first, let hi = edges.last, hi > lo, edges.count < Int(Int32.max) else {
            first = edges.first ?? 0
            last = edges.last ?? 0
            scale = 0
            starts = [0, Int32(edges.count)]
            return
        }
        first = lo
        last = hi
        let cells = Swift.max(1, 2 * edges.count)
        let s = Double(cells) / (hi - lo)
        // A range so wide that its scale is not finite: one cell, a plain binary search.
        scale = s.isFinite && s > 0 ? s : 0
        let n = scale > 0 ? cells : 1
        var starts = [Int32](repeating: 0, count: n + 1)
        for j in 0..<n { starts[j] = Int32(upperBound(edges, lo + Double(j) / (scale > 0 ? scale : 1))) }
        starts[0] = 0
        starts[n] = Int32(edges.count)
        self.starts = starts
    }

    /// The number of edges at or below the finite value `x` (`edges` must be the edges this
    /// lookup was made from, read through `e`).
    @inline(__always)
    func bin(of x: Double, _ e: UnsafeBufferPointer<Double>, _ s: UnsafeBufferPointer<Int32>) -> Int {
        let count = e.count
        if x < first { return 0 }
        if x >= last { return count }
        var j = Int((x - first) * scale)
        if j >= s.count - 1 { j = s.count - 2 }
        if j < 0 { j = 0 }
        var lo = Int(s[j]), hi = Int(s[j + 1])
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if e[mid] <= x { lo = mid &+ 1 } else { hi = mid }
        }
        while lo > 0 && e[lo - 1] > x { lo -= 1 }
        while lo < count && e[lo] <= x { lo += 1 }
        return lo
    }
}
