import Foundation

/// The proportion floor of SPEC section 5: a PSI proportion below it is replaced by it.
public let psiProportionFloor = 1e-4

/// PSI bin edges of SPEC section 5 from an ascending reference sample: the 10%, 20%, …, 90%
/// percentiles (`numpy.percentile(ref, [10, 20, ..., 90])`, linear), duplicates removed.
/// The outer edges −∞ and +∞ are implicit: with k inner edges there are k + 1 bins, and bin i
/// holds e_i ≤ x < e_{i+1} (bin 0 is x < e_1, the last bin x ≥ e_k). Empty when the reference
/// is empty (one bin holding everything).
public func psiBinEdges(sortedReference: [Double]) -> [Double] {
    if sortedReference.isEmpty { return [] }
    var edges = [Double]()
    edges.reserveCapacity(9)
    for decile in 1...9 {
        let e = percentile(sortedReference, Double(decile * 10))
        if edges.last != e { edges.append(e) }
    }
    return edges
}

/// Counts of an ascending sample in the PSI bins of `edges` (inner edges, ascending):
/// bin i holds e_i ≤ x < e_{i+1}. One binary search per edge, so O(k log n).
/// Equals `numpy.histogram(x, bins=[-inf, *edges, inf])` except that numpy closes the last bin
/// on the right (irrelevant here: the last edge is +∞).
public func psiBinCounts(sorted: [Double], edges: [Double]) -> [Int] {
    var counts = [Int](repeating: 0, count: edges.count + 1)
    var previous = 0
    for (i, e) in edges.enumerated() {
        let below = lowerBound(sorted, e)  // number of values < e
        counts[i] = below - previous
        previous = below
    }
    counts[edges.count] = sorted.count - previous
    return counts
}

/// Population Stability Index between two count tables over the same bins or categories
/// (SPEC section 5): proportions p = reference / Σ reference and q = current / Σ current, each
/// below 1e-4 replaced by 1e-4, PSI = Σ (q − p)·ln(q / p). NaN when either table is empty.
/// numpy: `p = np.maximum(ref / ref.sum(), 1e-4); q = ...; np.sum((q - p) * np.log(q / p))`.
public func populationStabilityIndex(reference: [Int], current: [Int]) -> Double {
    precondition(reference.count == current.count, "PSI needs the same bins on both sides")
    let nR = reference.reduce(0, +)
    let nC = current.reduce(0, +)
    if nR == 0 || nC == 0 { return .nan }
    var psi = 0.0
    for i in 0..<reference.count {
        let p = Swift.max(Double(reference[i]) / Double(nR), psiProportionFloor)
        let q = Swift.max(Double(current[i]) / Double(nC), psiProportionFloor)
        psi += (q - p) * log(q / p)
    }
    return psi
}

/// Number of elements of ascending `a` strictly below `x` (`numpy.searchsorted(a, x, "left")`).
@inline(__always)
func lowerBound(_ a: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if a[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

/// Number of elements of ascending `a` at or below `x` (`numpy.searchsorted(a, x, "right")`).
@inline(__always)
func upperBound(_ a: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if a[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
