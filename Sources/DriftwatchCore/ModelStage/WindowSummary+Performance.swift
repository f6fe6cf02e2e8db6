/// Performance sub-windows in mergeable form (SPEC section 4: "The performance window counts
/// labelled pairs ... and closes at `window.size` pairs").
///
/// With a labels topic, each partition closes performance sub-windows of ceil(`window.size` / N)
/// labelled pairs (N = the predictions topic's partition count) and publishes, beside its
/// `performance_report`, a summary of kind `performance_summary` on the summaries topic: the
/// pairs' confusion counts and score-by-label counts (`QualitySummary`, as for inline labels)
/// and, for a regression model, the exact error sums. The model stage merges them with the same
/// deterministic rule as feature sub-windows, into model performance windows of ≥ `window.size`
/// pairs, and decides `performance_degradation` and the `immediate` / `rollback` retrain
/// urgencies once per model performance window.
extension WindowSummary {
    /// The summary of a closed performance sub-window (`events` = labelled pairs).
    public init(performance window: ClosedPerformanceWindow, symbols: SymbolTable, modelID: String,
                referenceVersion: String, regression: Bool) {
        let info = window.info
        self.init(modelID: modelID, topic: info.topic, partition: info.partition, index: info.index,
                  startOffset: info.startOffset, endOffset: info.endOffset, events: info.events,
                  startTimeMs: info.startTimeMs, endTimeMs: info.endTimeMs, partial: info.partial,
                  referenceVersion: referenceVersion)
        isPerformance = true
        let b = window.buffer
        var pairs: [LabelledOutcome] = []
        pairs.reserveCapacity(b.count)
        for i in 0..<b.count {
            let score = b.scores[i]
            pairs.append(LabelledOutcome(prediction: b.predictions[i], label: b.labels[i], score: score.isNaN ? nil : score))
        }
        quality = QualitySummary(pairs, regression: regression, symbols: symbols)
    }
}

extension MergedAnalysis {
    /// A model performance window: the merged pairs' metrics against the reference baseline, as
    /// a `performance_report` of stage `model`, and the finding for `performance_degradation`
    /// and the retrain policy (at least `window.min_events` pairs, as for inline labels).
    public static func analyzePerformance(
        _ merged: WindowSummary, reference: ModelReference?, settings: StageSettings, window: WindowInfo
    ) -> (report: JSONObject, findings: WindowFindings) {
        var report = StageReport.header(kind: "performance_report", stage: stage, modelID: merged.modelID,
                                        modelVersion: nil, window: window)
        var findings = WindowFindings(modelID: merged.modelID, modelVersion: nil, window: window)
        guard let reference else {
            report["labelled"] = .int(merged.quality.labelled)
            return (report, findings)
        }
        var (block, finding) = performance(merged.quality, reference: reference, settings: settings)
        block["source"] = "labels_topic"
        for (key, value) in block.members { report[key] = value }
        findings.performance = finding
        return (report, findings)
    }
}
