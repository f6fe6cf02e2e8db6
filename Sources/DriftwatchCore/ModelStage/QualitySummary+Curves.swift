/// The confusion matrix and ROC curve of a model window's inline labels, for the report's
/// `performance` block (appended after its older fields, so reports without labels keep their
/// bytes): what a reader needs to draw them without the summaries.
extension QualitySummary {
    /// Points of `performance.roc` at most: enough for a smooth chart, small beside the features.
    public static let rocPointLimit = 101

    /// The binary ROC curve over the labelled scores (positive class 1/"1"/true), nil for
    /// multi-class labels, a missing class, or labelled events without a score.
    public var rocCurve: ROCCurve? {
        guard unscored == 0 else { return nil }
        var positives: [Double: Int] = [:], negatives: [Double: Int] = [:]
        for (label, row) in scores {
            guard ClassificationMetrics.isBinaryClass(label) else { return nil }
            if ClassificationMetrics.isPositive(label) {
                positives.merge(row, uniquingKeysWith: +)
            } else {
                negatives.merge(row, uniquingKeysWith: +)
            }
        }
        return ROCCurve(positives: positives, negatives: negatives)
    }

    /// Appends `confusion` ({label: {prediction: count}}, keys sorted) and, for a binary model
    /// with scores, `roc` ({fpr, tpr, thresholds}; the first threshold, +inf, is null).
    func appendCurves(to block: inout JSONObject) {
        guard !confusion.isEmpty else { return }
        var matrix = JSONObject()
        for label in confusion.keys.sorted() { matrix[label] = SummaryReader.counts(confusion[label]!) }
        block["confusion"] = .object(matrix)
        guard let curve = rocCurve?.thinned(to: Self.rocPointLimit) else { return }
        block["roc"] = .object([
            "fpr": .array(curve.falsePositiveRate.map { StageReport.num($0) }),
            "tpr": .array(curve.truePositiveRate.map { StageReport.num($0) }),
            "thresholds": .array(curve.thresholds.map { StageReport.num($0) }),
        ])
    }
}
