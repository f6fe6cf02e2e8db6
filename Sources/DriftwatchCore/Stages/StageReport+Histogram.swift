/// Reference and current distributions of one feature over the bins its drift statistics used,
/// so a report (`/report`, `replay --html`) can draw them from the window report alone.
/// Counts, not proportions: exact, deterministic, and the reader divides.
extension StageReport {
    /// Most categories drawn; the rest are summed into one "(other)" bin.
    static let histogramCategoryLimit = 20

    /// `{"edges": inner PSI edges, "reference": counts, "current": counts}` (edges.count + 1 bins).
    static func histogram(_ drift: NumericDrift) -> JSONValue {
        .object([
            "edges": .array(drift.binEdges.map { num($0) }),
            "reference": .array(drift.referenceBinCounts.map { .int($0) }),
            "current": .array(drift.currentBinCounts.map { .int($0) }),
        ])
    }

    /// `{"categories": names, "reference": counts, "current": counts}`, the largest categories
    /// first when there are more than `histogramCategoryLimit`.
    static func histogram(_ drift: CategoricalDrift) -> JSONValue {
        var rows = Array(zip(drift.categories, zip(drift.referenceCounts, drift.currentCounts)))
        if rows.count > histogramCategoryLimit {
            rows.sort { a, b in
                let wa = max(a.1.0, a.1.1), wb = max(b.1.0, b.1.1)
                return wa != wb ? wa > wb : a.0 < b.0
            }
            let rest = rows[(histogramCategoryLimit - 1)...]
            let other = ("(other)", (rest.map(\.1.0).reduce(0, +), rest.map(\.1.1).reduce(0, +)))
            rows = Array(rows[..<(histogramCategoryLimit - 1)]) + [other]
        }
        return .object([
            "categories": .array(rows.map { .string($0.0) }),
            "reference": .array(rows.map { .int($0.1.0) }),
            "current": .array(rows.map { .int($0.1.1) }),
        ])
    }
}
