/// The performance part of the model-window analysis, from the inline labels' `QualitySummary`
/// (`PredictionMonitor.analyze(ClosedPerformanceWindow)`'s metrics, baseline and drop).
extension MergedAnalysis {
    /// The report block, and the finding when at least `min_events` labelled pairs back it
    /// (a handful of labels would raise noisy alerts) and the reference has a baseline.
    static func performance(_ q: QualitySummary, reference: ModelReference, settings: StageSettings)
        -> (block: JSONObject, finding: PerformanceFinding?)
    {
        var block: JSONObject = ["labelled": .int(q.labelled)]
        var baseline = JSONObject()
        let metric: String, value: Double, base: Double?, drop: Double?
        let b = reference.baseline
        if settings.regression {
            let m = q.regression
            block["mae"] = StageReport.num(m.mae)
            block["rmse"] = StageReport.num(m.rmse)
            baseline["mae"] = .number(b.mae)
            baseline["rmse"] = .number(b.rmse)
            metric = "rmse"
            value = m.rmse
            base = b.rmse
            drop = b.rmse.flatMap { $0 > 0 ? (m.rmse - $0) / $0 : nil }
        } else {
            let m = q.classification
            block["accuracy"] = StageReport.num(m.accuracy)
            block["precision"] = StageReport.num(m.precision)
            block["recall"] = StageReport.num(m.recall)
            block["f1"] = StageReport.num(m.f1)
            block["auc"] = StageReport.num(m.auc)
            baseline["accuracy"] = .number(b.accuracy)
            baseline["precision"] = .number(b.precision)
            baseline["recall"] = .number(b.recall)
            baseline["f1"] = .number(b.f1)
            baseline["auc"] = .number(b.auc)
            metric = "accuracy"
            value = m.accuracy
            base = b.accuracy
            drop = b.accuracy.flatMap { $0 > 0 ? ($0 - m.accuracy) / $0 : nil }
        }
        block["metric"] = .string(metric)
        block["baseline"] = .object(baseline)
        block["drop"] = .number(drop)
        block["source"] = "inline_labels"
        if !settings.regression { q.appendCurves(to: &block) }
        guard let base, q.labelled >= settings.minEvents else { return (block, nil) }
        // As ModelStages fills it from PerformanceFindings.
        return (block, PerformanceFinding(metric: metric, current: value, baseline: base,
                                          higherIsBetter: metric != "rmse", labelled: q.labelled))
    }
}
