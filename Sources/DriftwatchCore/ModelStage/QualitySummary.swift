/// Model quality over the events of a window that carried an immediate `label`, mergeable:
/// confusion counts (label × prediction class) and, per label class, counts by exact score (so
/// AUC with sklearn's tie handling is exact after merging); for a regression model the exact
/// sums of |error| and error². Delayed labels are joined later and are not in here.
public struct QualitySummary: Sendable, Equatable {
    /// label class → prediction class → count (classification).
    public var confusion: [String: [String: Int]] = [:]
    /// label class → score → count, for labelled events with a finite score.
    public var scores: [String: [Double: Int]] = [:]
    /// Labelled events without a finite score (AUC needs every pair scored, as today).
    public var unscored = 0
    /// Regression: pairs with numeric label and prediction, Σ|p − l| and Σ(p − l)², exact.
    public var regressionPairs = 0
    public var absoluteErrors = ExactSum()
    public var squaredErrors = ExactSum()

    public init() {}

    init(_ pairs: [LabelledOutcome], regression: Bool, symbols: SymbolTable) {
        var absolute = ExactSum.Accumulator(), squared = ExactSum.Accumulator()
        for pair in pairs {
            if regression {
                guard case .number(let l) = pair.label, case .number(let p) = pair.prediction else { continue }
                let e = p - l
                regressionPairs += 1
                absolute.add(abs(e))
                let s = e * e
                squared.add(s)
                squared.add((-s).addingProduct(e, e))
            } else {
                let l = StageReport.className(pair.label, symbols)
                confusion[l, default: [:]][StageReport.className(pair.prediction, symbols), default: 0] += 1
                if let s = pair.score, s.isFinite { scores[l, default: [:]][s, default: 0] += 1 } else { unscored += 1 }
            }
        }
        absoluteErrors = absolute.sum
        squaredErrors = squared.sum
    }

    public mutating func merge(_ other: QualitySummary) {
        for (l, row) in other.confusion { for (p, n) in row { confusion[l, default: [:]][p, default: 0] += n } }
        for (l, row) in other.scores { for (s, n) in row { scores[l, default: [:]][s, default: 0] += n } }
        unscored += other.unscored
        regressionPairs += other.regressionPairs
        absoluteErrors += other.absoluteErrors
        squaredErrors += other.squaredErrors
    }

    /// Labelled pairs.
    public var labelled: Int {
        regressionPairs + confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// `ClassificationMetrics` from the confusion counts (binary: positive class 1/"1"/true;
    /// otherwise sklearn's weighted average) and AUC from the scores (binary, every pair scored).
    public var classification: (accuracy: Double, precision: Double, recall: Double, f1: Double, auc: Double) {
        let n = labelled - regressionPairs
        guard n > 0 else { return (.nan, .nan, .nan, .nan, .nan) }
        let binary = confusion.allSatisfy { l, row in
            ClassificationMetrics.isBinaryClass(l) && row.keys.allSatisfy(ClassificationMetrics.isBinaryClass)
        }
        var correct = 0
        if binary {
            var tp = 0, fp = 0, fn = 0
            for (l, row) in confusion {
                for (p, c) in row {
                    let t = ClassificationMetrics.isPositive(l), q = ClassificationMetrics.isPositive(p)
                    if t == q { correct += c }
                    if t && q { tp += c } else if q { fp += c } else if t { fn += c }
                }
            }
            let precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            let recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            let f1 = 2 * tp + fp + fn == 0 ? 0 : Double(2 * tp) / Double(2 * tp + fp + fn)
            return (Double(correct) / Double(n), precision, recall, f1, unscored == 0 ? auc : .nan)
        }
        var support: [String: Int] = [:], predicted: [String: Int] = [:], hits: [String: Int] = [:]
        for (l, row) in confusion {
            for (p, c) in row {
                support[l, default: 0] += c
                predicted[p, default: 0] += c
                if l == p { hits[l, default: 0] += c; correct += c }
            }
        }
        var precision = 0.0, recall = 0.0, f1 = 0.0
        for c in support.keys.sorted() {
            let s = support[c]!, t = hits[c] ?? 0, pr = predicted[c] ?? 0
            let w = Double(s) / Double(n)
            precision += w * (pr == 0 ? 0 : Double(t) / Double(pr))
            recall += w * Double(t) / Double(s)
            f1 += w * Double(2 * t) / Double(s + pr)
        }
        return (Double(correct) / Double(n), precision, recall, f1, .nan)
    }

    /// `roc_auc_score` (Mann–Whitney, ties averaged) over the merged score counts.
    var auc: Double {
        var byScore: [Double: (positive: Int, negative: Int)] = [:]
        for (l, row) in scores {
            let positive = ClassificationMetrics.isPositive(l)
            for (s, n) in row {
                var e = byScore[s] ?? (0, 0)
                if positive { e.positive += n } else { e.negative += n }
                byScore[s] = e
            }
        }
        var below = 0, positives = 0, negatives = 0
        var rankSum = 0.0
        for s in byScore.keys.sorted() {
            let e = byScore[s]!
            let tied = e.positive + e.negative
            rankSum += Double(e.positive) * (Double(below) + Double(tied + 1) / 2)
            below += tied
            positives += e.positive
            negatives += e.negative
        }
        if positives == 0 || negatives == 0 { return .nan }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// `RegressionMetrics` (MAE, RMSE) from the exact sums.
    public var regression: (mae: Double, rmse: Double) {
        guard regressionPairs > 0 else { return (.nan, .nan) }
        let n = Double(regressionPairs)
        return (absoluteErrors.value / n, (squaredErrors.value / n).squareRoot())
    }
}
