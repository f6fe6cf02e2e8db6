/// The ROC curve of a binary classifier from score counts per class, as
/// `sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=True)` computes it: one candidate
/// point per distinct score (descending), collinear points on horizontal or vertical runs
/// dropped, and (0, 0) with threshold +inf prepended.
///
/// Counts instead of arrays because the model stage keeps labelled scores merged by exact value
/// (`QualitySummary.scores`); the curve is the same as over the expanded arrays.
public struct ROCCurve: Sendable, Equatable {
    public var falsePositiveRate: [Double]
    public var truePositiveRate: [Double]
    /// Score at or above which an event counts as positive; the first is +inf.
    public var thresholds: [Double]

    public init(falsePositiveRate: [Double], truePositiveRate: [Double], thresholds: [Double]) {
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.thresholds = thresholds
    }

    /// nil when either class is absent (sklearn warns and returns NaN rates there).
    /// - Parameters:
    ///   - positives: score → events of the positive class with that score.
    ///   - negatives: score → events of the negative class with that score.
    public init?(positives: [Double: Int], negatives: [Double: Int]) {
        let p = positives.values.reduce(0, +), n = negatives.values.reduce(0, +)
        guard p > 0, n > 0 else { return nil }
        let scores = Set(positives.keys).union(negatives.keys).filter(\.isFinite).sorted(by: >)
        var tps: [Int] = [], fps: [Int] = []
        tps.reserveCapacity(scores.count)
        fps.reserveCapacity(scores.count)
        var tp = 0, fp = 0
        for s in scores {
            tp += positives[s] ?? 0
            fp += negatives[s] ?? 0
            tps.append(tp)
            fps.append(fp)
        }
        // drop_intermediate: keep the ends and every point where either cumulative count bends.
        var kept = Array(scores.indices)
        if scores.count > 2 {
            kept = [0]
            for i in 1..<(scores.count - 1) {
                let bendsF = fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0
                let bendsT = tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0
                if bendsF || bendsT { kept.append(i) }
            }
            kept.append(scores.count - 1)
        }
        let totalF = Double(fps.last!), totalT = Double(tps.last!)
        falsePositiveRate = [0] + kept.map { Double(fps[$0]) / totalF }
        truePositiveRate = [0] + kept.map { Double(tps[$0]) / totalT }
        thresholds = [.infinity] + kept.map { scores[$0] }
    }

    /// At most `limit` points (≥ 2) for a chart: evenly spaced by index, both ends kept. The
    /// curve stays monotone; the corners between kept points are lost, the AUC is not (it is
    /// computed from the counts, not from these points).
    public func thinned(to limit: Int) -> ROCCurve {
        let count = falsePositiveRate.count
        let limit = max(2, limit)
        guard count > limit else { return self }
        var indexes: [Int] = []
        for k in 0..<limit {
            let i = Int((Double(k) * Double(count - 1) / Double(limit - 1)).rounded())
            if indexes.last != i { indexes.append(i) }
        }
        return ROCCurve(
            falsePositiveRate: indexes.map { falsePositiveRate[$0] },
            truePositiveRate: indexes.map { truePositiveRate[$0] },
            thresholds: indexes.map { thresholds[$0] })
    }
}
