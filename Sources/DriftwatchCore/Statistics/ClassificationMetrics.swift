/// Classification quality of labelled predictions (SPEC section 5, performance).
///
/// Binary when every label and prediction is a 0/1 class ("0", "1", "false", "true"; see
/// `ClassificationMetrics.isBinaryClass`): the positive class is 1, "1" or true and
/// precision/recall/F1 are sklearn's `average="binary"` with `pos_label` that class.
/// Otherwise multiclass: sklearn `precision_recall_fscore_support(average="weighted")` over the
/// union of labels and predictions, weighted by each class's support in the labels.
/// Zero divisions give 0 (sklearn's `zero_division="warn"` value).
/// AUC: `sklearn.metrics.roc_auc_score(y_true, score)` (binary only; ties averaged), NaN when
/// multiclass, without scores, or when only one class is present (sklearn raises).
public struct ClassificationMetrics: Sendable, Equatable {
    public var count: Int
    public var isBinary: Bool
    /// `accuracy_score`.
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var auc: Double

    /// Canonical class names: numbers as their shortest decimal ("1" for 1.0), strings as is,
    /// booleans "true"/"false". All NaN when empty.
    public init(labels: [String], predictions: [String], scores: [Double]? = nil) {
        precondition(labels.count == predictions.count, "one prediction per label")
        let n = labels.count
        count = n
        let binary = labels.allSatisfy(Self.isBinaryClass) && predictions.allSatisfy(Self.isBinaryClass)
        isBinary = binary
        if n == 0 {
            accuracy = .nan; precision = .nan; recall = .nan; f1 = .nan; auc = .nan
            return
        }
        var correct = 0
        for i in 0..<n {
            // Binary classes compare by positivity: prediction 1 matches label true.
            let same = binary
                ? Self.isPositive(labels[i]) == Self.isPositive(predictions[i])
                : labels[i] == predictions[i]
            if same { correct += 1 }
        }
        accuracy = Double(correct) / Double(n)
        if binary {
            var tp = 0, fp = 0, fn = 0
            var truth = [Bool]()
            truth.reserveCapacity(n)
            for i in 0..<n {
                let t = Self.isPositive(labels[i])
                let p = Self.isPositive(predictions[i])
                truth.append(t)
                if t && p { tp += 1 } else if p { fp += 1 } else if t { fn += 1 }
            }
            precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            f1 = 2 * tp + fp + fn == 0 ? 0 : Double(2 * tp) / Double(2 * tp + fp + fn)
            if let scores {
                precondition(scores.count == n, "one score per label")
                auc = rocAUC(positive: truth, scores: scores)
            } else {
                auc = .nan
            }
        } else {
            var tp = [String: Int](), predicted = [String: Int](), support = [String: Int]()
            for i in 0..<n {
                support[labels[i], default: 0] += 1
                predicted[predictions[i], default: 0] += 1
                if labels[i] == predictions[i] { tp[labels[i], default: 0] += 1 }
            }
            var p = 0.0, r = 0.0, f = 0.0
            for (c, s) in support {
                let t = tp[c] ?? 0
                let pr = predicted[c] ?? 0
                let w = Double(s) / Double(n)
                p += w * (pr == 0 ? 0 : Double(t) / Double(pr))
                r += w * Double(t) / Double(s)
                f += w * Double(2 * t) / Double(s + pr)
            }
            precision = p; recall = r; f1 = f; auc = .nan
        }
    }

    /// "0", "1", "true" or "false".
    public static func isBinaryClass(_ c: String) -> Bool {
        c == "1" || c == "0" || c == "true" || c == "false"
    }

    /// The positive class of SPEC section 5: 1, "1" or true.
    public static func isPositive(_ c: String) -> Bool { c == "1" || c == "true" }
}
