/// One feature's drift verdict in one window.
public struct FeatureDriftFinding: Sendable, Equatable {
    public var name: String
    public var severity: Severity
    public var method: DriftMethod
    /// The statistic the method decided on (PSI, p-value, wasserstein_norm or JS distance).
    public var value: Double
}

/// What the feature profiler found in one window, for the alert rules.
public struct FeatureProfilerFindings: Sendable, Equatable {
    /// False when the window had fewer than `min_events` events: no drift tests ran.
    public var tested: Bool
    /// Every monitored feature's verdict, sorted by name.
    public var features: [FeatureDriftFinding]
    public var driftShare: Double
    public var datasetDrift: Bool
    /// Null or absent values over (events × monitored features).
    public var missingRate: Double
    /// Wrong-type values over (events × monitored features).
    public var typeErrorRate: Double
    /// Monitored features absent, null or of the wrong type in some events.
    public var problems: [RequiredFeatureFinding]
    public var missingFeatures: [String]
    public var unexpectedFeatures: [String]
    /// Every monitored feature's missing and out-of-range counts, sorted by name.
    public var featureQuality: [FeatureQualityFinding] = []

    /// Features at warning or above.
    public var drifted: [FeatureDriftFinding] { features.filter { $0.severity >= .warning } }
}

/// Stage 1: per feature profile, drift against the reference and data quality (SPEC section 6).
public struct FeatureProfiler: Sendable {
    public static let stage = "feature_profiler"
    public let reference: ModelReference
    public let settings: StageSettings

    public init(reference: ModelReference, settings: StageSettings) {
        self.reference = reference
        self.settings = settings
    }

    public func analyze(
        _ window: ClosedWindow, modelVersion: String?, symbols: SymbolTable
    ) -> (report: JSONObject, findings: FeatureProfilerFindings) {
        let events = window.buffer.events
        let tested = events >= settings.minEvents
        var report = StageReport.header(
            stage: Self.stage, modelID: reference.modelID, modelVersion: modelVersion, window: window.info)
        var features = JSONObject()
        var verdicts: [FeatureDriftFinding] = []
        var missingCells = 0
        var problems: [RequiredFeatureFinding] = []
        var missingFeatures: [String] = []
        var typeErrorsTotal = 0
        var featureQuality: [FeatureQualityFinding] = []

        for (name, distribution) in reference.features where !settings.ignored.contains(name) {
            let column = symbols.existingSymbol(for: name).flatMap { window.buffer.column(for: $0) }
            let rule = settings.rule(for: name)
            var entry = JSONObject()
            entry["type"] = .string(distribution.typeName)
            var severity = Severity.none
            var decision = Double.nan
            var typeErrors = 0
            var count = 0
            var outOfRange: Int?
            switch distribution {
            case .numeric(let ref):
                let numbers = column?.numbers ?? []
                typeErrors = column?.categoryTotal ?? 0
                let sample = NumericSample(values: numbers)
                count = sample.count
                outOfRange = outOfRangeCount(sorted: sample.sorted, range: ref.validRange)
                entry["count"] = .int(count)
                entry["missing"] = .int(events - count)
                let summary = NumericSummary(sample: sample)
                entry["mean"] = StageReport.num(summary.mean)
                entry["std"] = StageReport.num(summary.populationStandardDeviation)
                entry["min"] = StageReport.num(summary.min)
                entry["max"] = StageReport.num(summary.max)
                entry["quantiles"] = .object([
                    "p01": StageReport.num(summary.p01), "p25": StageReport.num(summary.p25),
                    "p50": StageReport.num(summary.p50), "p75": StageReport.num(summary.p75),
                    "p99": StageReport.num(summary.p99),
                ])
                if tested {
                    let drift = numericDrift(reference: ref, sortedCurrent: sample.sorted)
                    entry["psi"] = StageReport.num(drift.psi)
                    entry["ks_statistic"] = StageReport.num(drift.ksStatistic)
                    entry["ks_pvalue"] = StageReport.num(drift.ksPValue)
                    entry["wasserstein"] = StageReport.num(drift.wasserstein)
                    entry["wasserstein_norm"] = StageReport.num(drift.wassersteinNorm)
                    entry["js_distance"] = StageReport.num(drift.jsDistance)
                    entry["histogram"] = StageReport.histogram(drift)
                    decision = decisionValue(rule.method, drift)
                    severity = decide(method: rule.method, value: decision, thresholds: rule.thresholds)
                }
            case .categorical(let ref):
                // Numbers in a categorical feature are taken as their decimal text.
                let counts = StageReport.categoryCounts(
                    categories: column?.categories ?? [:], numbers: column?.numbers ?? [], symbols)
                count = counts.values.reduce(0, +)
                entry["count"] = .int(count)
                entry["missing"] = .int(events - count)
                entry["distinct"] = .int(counts.count)
                let drift = categoricalDrift(reference: ref, current: counts)
                StageReport.addCategoricalFeature(counts: counts, drift: drift, tested: tested, to: &entry)
                if tested {
                    decision = decisionValue(rule.method, drift)
                    severity = decide(method: rule.method, value: decision, thresholds: rule.thresholds)
                }
            }
            let absent = events - (column?.present ?? 0)
            missingCells += events - count - typeErrors
            typeErrorsTotal += typeErrors
            featureQuality.append(FeatureQualityFinding(
                feature: name, events: events, missing: events - count - typeErrors,
                values: outOfRange == nil ? nil : count, outOfRange: outOfRange ?? 0))
            if events > 0 && absent == events { missingFeatures.append(name) }
            // A null is a missing value (missing_rate); absent means the key itself is missing.
            if absent + typeErrors > 0 {
                problems.append(RequiredFeatureFinding(feature: name, absent: absent, typeErrors: typeErrors))
            }
            entry["method"] = .string(rule.method.rawValue)
            entry["drift"] = .bool(severity >= .warning)
            entry["severity"] = StageReport.severity(severity)
            features[name] = .object(entry)
            verdicts.append(FeatureDriftFinding(name: name, severity: severity, method: rule.method, value: decision))
        }

        let share = tested ? driftShare(verdicts.map(\.severity)) : 0
        let dataset = tested && datasetDrift(driftShare: share, threshold: settings.driftShare)
        let monitored = verdicts.count
        let missingRate = events > 0 && monitored > 0 ? Double(missingCells) / Double(events * monitored) : 0
        let known = Set(reference.features.map(\.name)).union(settings.ignored)
        let unexpected = window.buffer.columns.map { symbols.string(for: $0.name) }
            .filter { !known.contains($0) }.sorted()

        report["features"] = .object(features)
        report["drift_share"] = .number(share)
        report["dataset_drift"] = .bool(dataset)
        if !tested {
            report["drift_tests"] = .string(
                "skipped: \(events) events, fewer than window.min_events \(settings.minEvents)")
        }
        report["data_quality"] = .object([
            "missing_rate": .number(missingRate),
            "type_errors": .int(typeErrorsTotal),
            "missing_features": .array(missingFeatures.map { .string($0) }),
            "unexpected_features": .array(unexpected.map { .string($0) }),
            "features": featureQuality.reportBlock,
        ])
        var findings = FeatureProfilerFindings(
            tested: tested, features: verdicts, driftShare: share, datasetDrift: dataset,
            missingRate: missingRate,
            typeErrorRate: events > 0 && monitored > 0 ? Double(typeErrorsTotal) / Double(events * monitored) : 0,
            problems: problems, missingFeatures: missingFeatures,
            unexpectedFeatures: unexpected)
        findings.featureQuality = featureQuality
        return (report, findings)
    }
}
