/// Heap bytes of the model stage's summaries and fine bins (memory breakdown, issue 11; see
/// `ApproximateBytes`). Reads only the arrays and dictionaries of the types: when their
/// representation changes (sparse bins), this file follows.
extension SummaryReference {
    public var approximateBytes: Int {
        var total = ApproximateBytes.of(features) + ApproximateBytes.of(categoricalFeatures)
        for bins in features.values { total += bins.approximateBytes }
        for bins in [score, prediction, label] { total += bins?.approximateBytes ?? 0 }
        return total
    }
}

extension FineBins {
    public var approximateBytes: Int {
        ApproximateBytes.of(edges) + ApproximateBytes.of(decileEdgeIndexes) + ApproximateBytes.of(referenceCounts)
            + ApproximateBytes.of(referenceIntegrals) + ApproximateBytes.of(lookup.starts)
    }
}

extension WindowSummary {
    /// The summary's columns: fine-bin counts and offsets, category counts, quality tables.
    public var approximateBytes: Int {
        var total = ApproximateBytes.of(features) + ApproximateBytes.of(unexpectedFeatures)
        for column in features.values { total += column.approximateBytes }
        total += prediction?.approximateBytes ?? 0
        total += label?.approximateBytes ?? 0
        total += score?.approximateBytes ?? 0
        total += ApproximateBytes.of(quality.confusion) + ApproximateBytes.of(quality.scores)
        for row in quality.confusion.values { total += ApproximateBytes.of(row) }
        for scores in quality.scores.values { total += ApproximateBytes.of(scores) }
        total += ApproximateBytes.of(system.versions) + ApproximateBytes.of(system.errorMessages)
        return total
    }
}

extension ColumnSummary {
    public var approximateBytes: Int {
        switch self {
        case .numeric(let c): c.approximateBytes
        case .categorical(let c): ApproximateBytes.of(c.counts)
        }
    }
}

extension NumericColumnSummary {
    public var approximateBytes: Int { ApproximateBytes.of(bins) + ApproximateBytes.of(offsets) }
}
