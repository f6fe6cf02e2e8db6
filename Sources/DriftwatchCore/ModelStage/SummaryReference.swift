/// The fine bins of one numeric reference column, shared by every summary of a model, and the
/// reference's own statistics on them.
///
/// Edges: the reference's percentiles at k/B, k = 0…B (`numpy.percentile(ref, 100*k/B)`, linear;
/// the first is the minimum, the last the maximum), the uniform grid min + (max − min)·k/B, and
/// the PSI deciles (`psiBinEdges`), deduplicated (so each bin holds at most about 1/B of the
/// reference and is at most (max − min)/B wide); then, for every edge the reference holds more than once (a point mass:
/// integer features, caps, constants) and for the maximum, the next double up is added, so a
/// point mass gets a bin of its own, [v, v⁺), holding exactly the value v. Bins, for E edges:
/// bin 0 holds x < e_0 (below the reference minimum), bin k holds e_{k-1} ≤ x < e_k, bin E holds
/// x ≥ e_{E-1} = max⁺ (above the reference maximum); `bin(of:)` is a grid lookup (`FineBinLookup`).
/// Each PSI decile bin is a union of fine bins, so PSI and JS over merged fine counts are exact.
public struct FineBins: Sendable, Equatable {
    /// Inner edges, ascending (E of them; E + 1 bins).
    public let edges: [Double]
    /// For each PSI decile edge, its index in `edges`.
    public let decileEdgeIndexes: [Int]
    /// Reference counts per fine bin (E + 1).
    public let referenceCounts: [Int]
    /// Per fine bin k in 1..<E: ∫ F_R over [e_{k-1}, e_k), exact up to rounding (0 for the outer bins).
    public let referenceIntegrals: [Double]
    /// Number of reference values.
    public let referenceTotal: Int
    /// The reference's [p0.1, p99.9] (`NumericReference.validRange`): summaries count the values
    /// outside it (`NumericColumnSummary.outOfRange`).
    public let validRange: ClosedRange<Double>?
    /// `bin(of:)` without a binary search over every edge (derived from `edges`).
    public let lookup: FineBinLookup

    public init(reference: NumericReference, bins: Int) {
        let sorted = reference.sorted
        var candidates: [Double] = []
        if !sorted.isEmpty {
            let b = Swift.max(1, bins)
            for k in 0...b { candidates.append(percentile(sorted, 100 * Double(k) / Double(b))) }
            // A uniform grid over [min, max] too: no bin is wider than range / B, which bounds
            // the W1 error in the sparse tails (quantile bins there can be very wide).
            let lo = sorted[0], hi = sorted[sorted.count - 1]
            for k in 1..<b { candidates.append(lo + (hi - lo) * (Double(k) / Double(b))) }
            candidates.append(contentsOf: reference.binEdges)
            candidates.append(sorted[sorted.count - 1].nextUp)
            candidates.sort()
        }
        var edges: [Double] = []
        for e in candidates where edges.last != e { edges.append(e) }
        // Point masses get their own bin.
        var withMasses: [Double] = []
        for (i, e) in edges.enumerated() {
            withMasses.append(e)
            let tied = upperBound(sorted, e) - lowerBound(sorted, e) > 1
            if tied, i + 1 == edges.count || edges[i + 1] != e.nextUp { withMasses.append(e.nextUp) }
        }
        self.edges = withMasses
        lookup = FineBinLookup(edges: withMasses)
        decileEdgeIndexes = reference.binEdges.map { lowerBound(withMasses, $0) }
        // Counts and ∫F_R per bin: values below edge k are lowerBound(sorted, e_k).
        var counts: [Int] = []
        var integrals: [Double] = [0]
        var previous = 0
        let n = Double(sorted.count)
        for (k, e) in withMasses.enumerated() {
            let below = lowerBound(sorted, e)
            counts.append(below - previous)
            if k > 0 {
                let lo = withMasses[k - 1]
                var inside = 0.0
                for x in sorted[previous..<below] { inside += e - x }
                integrals.append((Double(previous) * (e - lo) + inside) / n)
            }
            previous = below
        }
        counts.append(sorted.count - previous)
        integrals.append(0)
        referenceCounts = counts
        referenceIntegrals = integrals
        referenceTotal = sorted.count
        validRange = reference.validRange
    }

    /// Number of fine bins (E + 1).
    public var count: Int { edges.count + 1 }

    /// The fine bin of a finite value: the number of edges at or below it (`upperBound(edges, x)`).
    public func bin(of x: Double) -> Int {
        edges.withUnsafeBufferPointer { e in lookup.starts.withUnsafeBufferPointer { lookup.bin(of: x, e, $0) } }
    }

    /// Sums fine-bin counts into the PSI decile bins (`decileEdgeIndexes.count + 1` bins).
    public func decileCounts(_ fine: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: decileEdgeIndexes.count + 1)
        var d = 0
        for (k, c) in fine.enumerated() {
            // Fine bin k lies above edge k-1; it belongs to decile bin d while k-1 < next decile edge.
            while d < decileEdgeIndexes.count && k > decileEdgeIndexes[d] { d += 1 }
            result[d] += c
        }
        return result
    }
}

/// Per model, prepared once from the `ModelReference`: the fine bins of every numeric column
/// (features, score, and prediction/label when they are numeric), and the reference version
/// summaries carry so that only summaries of the same reference are merged.
public struct SummaryReference: Sendable {
    public let modelID: String
    public let bins: Int
    /// Fine bins of the numeric features, by name.
    public let features: [String: FineBins]
    /// The categorical features' names, sorted.
    public let categoricalFeatures: [String]
    public let score: FineBins?
    public let prediction: FineBins?
    public let label: FineBins?
    /// "<model>:b<bins>:<hash of every edge and reference count>": equal strings, same bins.
    public let version: String

    public init(reference: ModelReference, bins: Int = 1000) {
        modelID = reference.modelID
        self.bins = bins
        var features: [String: FineBins] = [:]
        var categorical: [String] = []
        for (name, d) in reference.features {
            switch d {
            case .numeric(let r): features[name] = FineBins(reference: r, bins: bins)
            case .categorical: categorical.append(name)
            }
        }
        self.features = features
        categoricalFeatures = categorical.sorted()
        score = reference.score.map { FineBins(reference: $0, bins: bins) }
        if case .numeric(let r)? = reference.prediction { prediction = FineBins(reference: r, bins: bins) } else { prediction = nil }
        if case .numeric(let r)? = reference.label { label = FineBins(reference: r, bins: bins) } else { label = nil }
        // FNV-1a over names, edges and counts, in name order: deterministic across runs.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) { hash = (hash ^ v) &* 0x0000_0100_0000_01B3 }
        func mix(_ b: FineBins?) {
            guard let b else { return mix(0) }
            for e in b.edges { mix(e.bitPattern) }
            for c in b.referenceCounts { mix(UInt64(c)) }
        }
        for (name, d) in reference.features {
            for u in name.utf8 { mix(UInt64(u)) }
            switch d {
            case .numeric: mix(features[name])
            case .categorical(let c):
                for (cat, n) in zip(c.categories, c.counts) {
                    for u in cat.utf8 { mix(UInt64(u)) }
                    mix(UInt64(n))
                }
            }
        }
        mix(score)
        mix(prediction)
        mix(label)
        version = "\(reference.modelID):b\(bins):" + String(hash, radix: 16)
    }
}
