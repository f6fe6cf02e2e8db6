/// Heap bytes of a prepared reference (memory breakdown, issue 11; see `ApproximateBytes`).
extension ModelReference {
    public var approximateBytes: Int {
        var total = ApproximateBytes.of(features)
        for feature in features { total += feature.distribution.approximateBytes }
        total += prediction?.approximateBytes ?? 0
        total += score?.approximateBytes ?? 0
        total += label?.approximateBytes ?? 0
        return total
    }
}

extension ModelReference.Distribution {
    public var approximateBytes: Int {
        switch self {
        case .numeric(let r): r.approximateBytes
        case .categorical(let r): r.approximateBytes
        }
    }
}

extension NumericReference {
    /// The sorted sample, PSI bins and the empirical steps (distinct values and their counts).
    public var approximateBytes: Int {
        ApproximateBytes.of(sorted) + ApproximateBytes.of(binEdges) + ApproximateBytes.of(binCounts)
            + ApproximateBytes.of(steps.values) + ApproximateBytes.of(steps.cumulative)
    }
}

extension CategoricalReference {
    /// Categories, counts and the name index (names longer than 15 bytes add their storage).
    public var approximateBytes: Int {
        ApproximateBytes.of(categories) + ApproximateBytes.of(counts) + ApproximateBytes.of(index)
    }
}
