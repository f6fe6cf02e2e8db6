/// Area under the ROC curve, `sklearn.metrics.roc_auc_score(positive, scores)`: the Mann–Whitney
/// form, ranks with ties averaged (equivalent to sklearn's trapezoid over tied thresholds).
/// NaN when either class is absent. O(n log n).
public func rocAUC(positive: [Bool], scores: [Double]) -> Double {
    let n = positive.count
    precondition(scores.count == n, "one score per label")
    let order = (0..<n).sorted { scores[$0] < scores[$1] }
    var positives = 0
    var rankSum = 0.0
    var i = 0
    while i < n {
        var j = i
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] { j += 1 }
        let averageRank = Double(i + j + 2) / 2  // ranks i+1 ... j+1
        for k in i...j where positive[order[k]] {
            positives += 1
            rankSum += averageRank
        }
        i = j + 1
    }
    let negatives = n - positives
    if positives == 0 || negatives == 0 { return .nan }
    let p = Double(positives)
    return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
}
