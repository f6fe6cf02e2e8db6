/// Prediction, score and label drift verdicts of one window.
public struct PredictionFindings: Sendable, Equatable {
    public var tested: Bool
    /// Worst of the prediction and score verdicts.
    public var predictionSeverity: Severity
    public var predictionValue: Double
    public var scoreSeverity: Severity
    public var scoreValue: Double
    public var labelSeverity: Severity
    public var labelValue: Double
    public var method: DriftMethod
}

/// Quality of one performance window against the reference baseline.
public struct PerformanceFindings: Sendable, Equatable {
    public var labelled: Int
    /// The metric compared with the baseline: "accuracy" (classification) or "rmse" (regression).
    public var metric: String
    public var value: Double
    public var baseline: Double?
    /// Relative drop against the baseline (positive is worse); nil without a baseline.
    public var drop: Double?
}

/// Stage 2: prediction drift, score drift, label drift and performance windows (SPEC section 6).
public struct PredictionMonitor: Sendable {
    public static let stage = "prediction_monitor"
    public let reference: ModelReference
    public let settings: StageSettings

    /// Prediction and label references as the monitor compares them: for a classifier, classes
    /// (a numeric reference of 0/1 outputs becomes category counts "0"/"1"; decile bins of a
    /// binary column would hide any change in the class mix).
    private let predictionReference: ModelReference.Distribution?
    private let labelReference: ModelReference.Distribution?

    public init(reference: ModelReference, settings: StageSettings) {
        self.reference = reference
        self.settings = settings
        func asClasses(_ d: ModelReference.Distribution?) -> ModelReference.Distribution? {
            guard !settings.regression, case .numeric(let r)? = d else { return d }
            // Equal values sit together in `sorted`: one decimal text per run, not per value
            // (a reference holds thousands of predictions and every partition builds this).
            // `==` groups -0.0 with 0.0, which `format` prints as "0" too.
            var counts: [String: Int] = [:]
            let xs = r.sorted
            var i = 0
            while i < xs.count {
                var j = i + 1
                while j < xs.count && xs[j] == xs[i] { j += 1 }
                counts[JSONWriter.format(xs[i]), default: 0] += j - i
                i = j
            }
            return .categorical(CategoricalReference(counts: counts))
        }
        predictionReference = asClasses(reference.prediction)
        labelReference = asClasses(reference.label)
    }

    public func analyze(
        _ window: ClosedWindow, modelVersion: String?, symbols: SymbolTable
    ) -> (report: JSONObject, findings: PredictionFindings) {
        let tested = window.buffer.events >= settings.minEvents
        let rule = settings.predictionRule
        var report = StageReport.header(
            stage: Self.stage, modelID: reference.modelID, modelVersion: modelVersion, window: window.info)
        let p = block(window.buffer.predictions, predictionReference, tested: tested, rule: rule, symbols)
        report["prediction"] = .object(p.block)
        var scoreSeverity = Severity.none
        var scoreValue = Double.nan
        if !window.buffer.scores.isEmpty || reference.score != nil {
            var s = JSONObject()
            let sample = NumericSample(values: window.buffer.scores)
            s["type"] = "numeric"
            s["count"] = .int(sample.count)
            let summary = NumericSummary(sample: sample)
            s["mean"] = StageReport.num(summary.mean)
            s["std"] = StageReport.num(summary.populationStandardDeviation)
            s["quantiles"] = .object([
                "p01": StageReport.num(summary.p01), "p25": StageReport.num(summary.p25),
                "p50": StageReport.num(summary.p50), "p75": StageReport.num(summary.p75),
                "p99": StageReport.num(summary.p99),
            ])
            if tested, let ref = reference.score {
                let drift = numericDrift(reference: ref, sortedCurrent: sample.sorted)
                Self.put(drift, into: &s)
                scoreValue = decisionValue(rule.method, drift)
                scoreSeverity = decide(method: rule.method, value: scoreValue, thresholds: rule.thresholds)
            }
            StageReport.addVerdict(method: rule.method, severity: scoreSeverity, to: &s)
            report["score"] = .object(s)
        }
        var labelSeverity = Severity.none
        var labelValue = Double.nan
        if window.buffer.labels.count > 0 {
            let l = block(window.buffer.labels, labelReference, tested: tested, rule: rule, symbols)
            report["label"] = .object(l.block)
            labelSeverity = l.severity
            labelValue = l.value
        }
        if !tested {
            report["drift_tests"] = .string(
                "skipped: \(window.buffer.events) events, fewer than window.min_events \(settings.minEvents)")
        }
        let findings = PredictionFindings(
            tested: tested, predictionSeverity: p.severity, predictionValue: p.value,
            scoreSeverity: scoreSeverity, scoreValue: scoreValue, labelSeverity: labelSeverity,
            labelValue: labelValue, method: rule.method)
        return (report, findings)
    }

    private func block(
        _ column: OutcomeColumn, _ ref: ModelReference.Distribution?, tested: Bool,
        rule: StageSettings.FeatureRule, _ symbols: SymbolTable
    ) -> (block: JSONObject, severity: Severity, value: Double) {
        var b = JSONObject()
        var severity = Severity.none
        var value = Double.nan
        let numeric: Bool
        if case .numeric? = ref { numeric = true } else { numeric = ref == nil && settings.regression }
        if numeric {
            let sample = NumericSample(values: column.numbers)
            b["type"] = "numeric"
            b["count"] = .int(sample.count)
            let summary = NumericSummary(sample: sample)
            b["mean"] = StageReport.num(summary.mean)
            b["std"] = StageReport.num(summary.populationStandardDeviation)
            if tested, case .numeric(let r)? = ref {
                let drift = numericDrift(reference: r, sortedCurrent: sample.sorted)
                Self.put(drift, into: &b)
                value = decisionValue(rule.method, drift)
                severity = decide(method: rule.method, value: value, thresholds: rule.thresholds)
            }
        } else {
            let counts = StageReport.categoryCounts(
                categories: column.categories, numbers: column.numbers, symbols)
            b["type"] = "categorical"
            b["count"] = .int(column.count)
            var dist = JSONObject()
            for key in counts.keys.sorted() { dist[key] = .int(counts[key]!) }
            b["distribution"] = .object(dist)
            if tested, case .categorical(let r)? = ref {
                let drift = categoricalDrift(reference: r, current: counts)
                StageReport.addOutputDrift(drift, to: &b)
                value = decisionValue(rule.method, drift)
                severity = decide(method: rule.method, value: value, thresholds: rule.thresholds)
            }
        }
        StageReport.addVerdict(method: rule.method, severity: severity, to: &b)
        return (b, severity, value)
    }

    private static func put(_ drift: NumericDrift, into b: inout JSONObject) {
        b["psi"] = StageReport.num(drift.psi)
        b["ks_statistic"] = StageReport.num(drift.ksStatistic)
        b["ks_pvalue"] = StageReport.num(drift.ksPValue)
        b["wasserstein"] = StageReport.num(drift.wasserstein)
        b["wasserstein_norm"] = StageReport.num(drift.wassersteinNorm)
        b["js_distance"] = StageReport.num(drift.jsDistance)
        b["histogram"] = StageReport.histogram(drift)
    }

    /// A performance window's report and its drop against the baseline.
    public func analyze(
        _ window: ClosedPerformanceWindow, modelVersion: String?, symbols: SymbolTable
    ) -> (report: JSONObject, findings: PerformanceFindings) {
        var report = StageReport.header(
            kind: "performance_report", stage: Self.stage, modelID: reference.modelID,
            modelVersion: modelVersion, window: window.info)
        let buffer = window.buffer
        report["labelled"] = .int(buffer.count)
        var baseline = JSONObject()
        let findings: PerformanceFindings
        if settings.regression {
            var labels: [Double] = [], predictions: [Double] = []
            for i in 0..<buffer.count {
                if case .number(let l) = buffer.labels[i], case .number(let p) = buffer.predictions[i] {
                    labels.append(l)
                    predictions.append(p)
                }
            }
            let m = RegressionMetrics(labels: labels, predictions: predictions)
            report["mae"] = StageReport.num(m.mae)
            report["rmse"] = StageReport.num(m.rmse)
            let base = reference.baseline.rmse
            baseline["mae"] = .number(reference.baseline.mae)
            baseline["rmse"] = .number(base)
            let drop = base.flatMap { $0 > 0 ? (m.rmse - $0) / $0 : nil }
            findings = PerformanceFindings(labelled: buffer.count, metric: "rmse", value: m.rmse, baseline: base, drop: drop)
        } else {
            let labels = buffer.labels.map { StageReport.className($0, symbols) }
            let predictions = buffer.predictions.map { StageReport.className($0, symbols) }
            let hasScores = buffer.scores.allSatisfy { !$0.isNaN }
            let m = ClassificationMetrics(
                labels: labels, predictions: predictions, scores: hasScores ? buffer.scores : nil)
            report["accuracy"] = StageReport.num(m.accuracy)
            report["precision"] = StageReport.num(m.precision)
            report["recall"] = StageReport.num(m.recall)
            report["f1"] = StageReport.num(m.f1)
            report["auc"] = StageReport.num(m.auc)
            let b = reference.baseline
            baseline["accuracy"] = .number(b.accuracy)
            baseline["precision"] = .number(b.precision)
            baseline["recall"] = .number(b.recall)
            baseline["f1"] = .number(b.f1)
            baseline["auc"] = .number(b.auc)
            let drop = b.accuracy.flatMap { $0 > 0 ? ($0 - m.accuracy) / $0 : nil }
            findings = PerformanceFindings(
                labelled: buffer.count, metric: "accuracy", value: m.accuracy, baseline: b.accuracy, drop: drop)
        }
        report["metric"] = .string(findings.metric)
        report["baseline"] = .object(baseline)
        report["drop"] = .number(findings.drop)
        return (report, findings)
    }
}
