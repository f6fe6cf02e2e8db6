/// The model-window analysis: the statistics of a MERGED `WindowSummary` against the reference,
/// as one `"stage": "model"` report and the `WindowFindings` the alert engine and retrain policy
/// take. It mirrors `ModelStages.analyze` (feature profiler, prediction monitor, system logger)
/// field by field, with two differences that the report states: KS and Wasserstein come from the
/// fine bins with `ks_bound` / `wasserstein_bound`, and quantiles / latency percentiles are
/// approximate (`quantiles_approximate`; latency within 1%).
public struct MergedAnalysis {
    public static let stage = "model"

    /// - Parameters:
    ///   - window: the model window (used for the header when `windowObject` is nil, and in the findings).
    ///   - windowObject: the model window's `window` object (with `partitions`), written as is.
    ///   - required: features whose absence or wrong type is critical (config `required: true`).
    public static func analyze(
        _ merged: WindowSummary, reference: ModelReference?, summaryReference: SummaryReference?,
        settings: StageSettings, window: WindowInfo, windowObject: JSONObject? = nil,
        required: Set<String> = []
    ) -> (report: JSONObject, findings: WindowFindings) {
        let version = windowVersion(merged.system)
        var report = StageReport.header(stage: stage, modelID: merged.modelID, modelVersion: version, window: window)
        if let windowObject { report["window"] = .object(windowObject) }
        var findings = WindowFindings(modelID: merged.modelID, modelVersion: version, window: window)
        let tested = merged.events >= settings.minEvents
        if let reference {
            let profile = features(merged, reference: reference, bins: summaryReference, settings: settings, tested: tested)
            report["features"] = .object(profile.features)
            report["drift_share"] = .number(profile.share)
            report["dataset_drift"] = .bool(profile.dataset)
            report["data_quality"] = .object(profile.quality)
            if tested { findings.features = profile.verdicts }
            findings.dataQuality = DataQualityFinding(
                events: merged.events, missingRate: profile.missingRate, typeErrorRate: profile.typeErrorRate,
                missingFeatures: profile.missingFeatures, unexpectedFeatures: merged.unexpectedFeatures,
                required: profile.problems.filter { required.contains($0.feature) },
                features: profile.featureQuality)
            outputs(merged, reference: reference, bins: summaryReference, settings: settings, tested: tested,
                    report: &report, findings: &findings)
            if merged.quality.labelled > 0 {
                let (block, finding) = performance(merged.quality, reference: reference, settings: settings)
                report["performance"] = .object(block)
                findings.performance = finding
            }
            if !tested {
                report["drift_tests"] = .string(
                    "skipped: \(merged.events) events, fewer than window.min_events \(settings.minEvents)")
            }
        }
        let (system, systemFinding) = systemReport(merged.system, window: window)
        report["system"] = .object(system)
        findings.system = systemFinding
        findings.llmQuality = llmQuality(merged.system)
        findings.versions = versionComparison(merged.system)
        return (report, findings)
    }

    struct FeatureProfile {
        var features = JSONObject()
        var verdicts: [FeatureFinding] = []
        var share = 0.0
        var dataset = false
        var quality = JSONObject()
        var missingRate = 0.0
        var typeErrorRate = 0.0
        var missingFeatures: [String] = []
        var problems: [RequiredFeatureFinding] = []
        var featureQuality: [FeatureQualityFinding] = []
    }

    /// The feature profiler's part, over the merged columns.
    static func features(
        _ merged: WindowSummary, reference: ModelReference, bins: SummaryReference?, settings: StageSettings,
        tested: Bool
    ) -> FeatureProfile {
        var p = FeatureProfile()
        let events = merged.events
        var missingCells = 0, typeErrorsTotal = 0
        for (name, distribution) in reference.features where !settings.ignored.contains(name) {
            let rule = settings.rule(for: name)
            var entry: JSONObject = ["type": .string(distribution.typeName)]
            var severity = Severity.none
            var decision = Double.nan
            var typeErrors = 0, count = 0, present = 0
            var outOfRange: Int?
            switch distribution {
            case .numeric(let ref):
                let fine = bins?.features[name]
                var column = NumericColumnSummary(binCount: fine?.count ?? 1)
                if case .numeric(let c)? = merged.features[name] { column = c }
                typeErrors = column.typeErrors
                present = column.present
                count = column.count
                outOfRange = column.outOfRange
                numericEntry(column, fine: fine, into: &entry, missing: events - count)
                if tested, let fine {
                    let binned = column.drift(fine: fine, reference: ref)
                    putDrift(binned, into: &entry)
                    decision = decisionValue(rule.method, binned.drift)
                    severity = decide(method: rule.method, value: decision, thresholds: rule.thresholds)
                }
            case .categorical(let ref):
                var column = CategoricalColumnSummary()
                if case .categorical(let c)? = merged.features[name] { column = c }
                present = column.present
                count = column.count
                entry["count"] = .int(count)
                entry["missing"] = .int(events - count)
                entry["distinct"] = .int(column.counts.count)
                let drift = categoricalDrift(reference: ref, current: column.counts)
                StageReport.addCategoricalFeature(counts: column.counts, drift: drift, tested: tested, to: &entry)
                if tested {
                    decision = decisionValue(rule.method, drift)
                    severity = decide(method: rule.method, value: decision, thresholds: rule.thresholds)
                }
            }
            let absent = events - present
            missingCells += events - count - typeErrors
            typeErrorsTotal += typeErrors
            p.featureQuality.append(FeatureQualityFinding(
                feature: name, events: events, missing: events - count - typeErrors,
                values: outOfRange == nil ? nil : count, outOfRange: outOfRange ?? 0))
            if events > 0 && absent == events { p.missingFeatures.append(name) }
            if absent + typeErrors > 0 {
                p.problems.append(RequiredFeatureFinding(feature: name, absent: absent, typeErrors: typeErrors))
            }
            entry["method"] = .string(rule.method.rawValue)
            entry["drift"] = .bool(severity >= .warning)
            entry["severity"] = StageReport.severity(severity)
            p.features[name] = .object(entry)
            p.verdicts.append(FeatureFinding(feature: name, method: rule.method, value: decision, severity: severity))
        }
        p.share = tested ? driftShare(p.verdicts.map(\.severity)) : 0
        p.dataset = tested && datasetDrift(driftShare: p.share, threshold: settings.driftShare)
        let monitored = p.verdicts.count
        let cells = Double(events * monitored)
        p.missingRate = events > 0 && monitored > 0 ? Double(missingCells) / cells : 0
        p.typeErrorRate = events > 0 && monitored > 0 ? Double(typeErrorsTotal) / cells : 0
        p.quality = [
            "missing_rate": .number(p.missingRate),
            "type_errors": .int(typeErrorsTotal),
            "missing_features": .array(p.missingFeatures.map { .string($0) }),
            "unexpected_features": .array(merged.unexpectedFeatures.map { .string($0) }),
            "features": p.featureQuality.reportBlock,
        ]
        return p
    }

    /// count, missing, mean, std, min, max and the approximate quantiles of a numeric column.
    static func numericEntry(_ c: NumericColumnSummary, fine: FineBins?, into entry: inout JSONObject, missing: Int?) {
        entry["count"] = .int(c.count)
        if let missing { entry["missing"] = .int(missing) }
        entry["mean"] = StageReport.num(c.mean)
        entry["std"] = StageReport.num(c.populationStandardDeviation)
        entry["min"] = StageReport.num(c.count > 0 ? c.min : .nan)
        entry["max"] = StageReport.num(c.count > 0 ? c.max : .nan)
        entry["quantiles"] = .object([
            "p01": StageReport.num(c.approximatePercentile(1, fine: fine)),
            "p25": StageReport.num(c.approximatePercentile(25, fine: fine)),
            "p50": StageReport.num(c.approximatePercentile(50, fine: fine)),
            "p75": StageReport.num(c.approximatePercentile(75, fine: fine)),
            "p99": StageReport.num(c.approximatePercentile(99, fine: fine)),
        ])
        entry["quantiles_approximate"] = .bool(true)
    }

    /// psi, ks_statistic, ks_pvalue, ks_bound, wasserstein, wasserstein_norm, wasserstein_bound,
    /// js_distance and the decile histogram.
    static func putDrift(_ b: BinnedNumericDrift, into entry: inout JSONObject) {
        let d = b.drift
        entry["psi"] = StageReport.num(d.psi)
        entry["ks_statistic"] = StageReport.num(d.ksStatistic)
        entry["ks_pvalue"] = StageReport.num(d.ksPValue)
        entry["ks_bound"] = StageReport.num(b.ksBound)
        entry["wasserstein"] = StageReport.num(d.wasserstein)
        entry["wasserstein_norm"] = StageReport.num(d.wassersteinNorm)
        entry["wasserstein_bound"] = StageReport.num(b.wassersteinBound)
        entry["js_distance"] = StageReport.num(d.jsDistance)
        entry["histogram"] = StageReport.histogram(d)
    }
}
