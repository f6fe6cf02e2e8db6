public import DriftwatchCore

/// The report's inputs from the values the pipeline published (`OutputPayload`): a stage's
/// window report becomes (part of) a `ReportWindowInput`, alerts and triggers `ReportNotice`s.
/// The report bodies are read from their `JSONObject` as the stages wrote them (SPEC section 6).
extension ReportWindowInput {
    /// nil for reports the drift report does not show (performance windows).
    public init?(_ report: WindowReport) {
        let body = report.body
        self.init(modelID: report.modelID, modelVersion: report.modelVersion, window: report.window)
        let events = report.window.events
        switch report.stage {
        case .model:
            // The model view: every partition merged (SPEC section 6, `"stage": "model"`).
            let features = body["features"]?.objectValue ?? JSONObject()
            self.features = features.members
                .sorted { $0.key < $1.key }
                .compactMap { name, value in value.objectValue.map { ReportFeature(name: name, $0, events: events) } }
            driftShare = body["drift_share"].number
            datasetDrift = body["dataset_drift"]?.boolValue
            outputs = ["prediction", "score", "label"].compactMap { name in
                body[name]?.objectValue.map { ReportFeature(name: name, $0, events: events) }
            }
            let s = body["system"]?.objectValue ?? JSONObject()
            let latency = s["latency_ms"]?.objectValue ?? JSONObject()
            system = ReportSystem(
                events: s["events"].int, errorRate: s["error_rate"].number,
                latencyP50Ms: latency["p50"].number, latencyP95Ms: latency["p95"].number,
                latencyP99Ms: latency["p99"].number, throughputEPS: s["throughput_eps"].number)
            performance = ReportPerformance(body["performance"]?.objectValue)
            llm = ReportLLM(s["llm"]?.objectValue)
            versions = ReportVersion.list(s["versions"]?.objectValue)
            dataQuality = ReportDataQuality(body["data_quality"]?.objectValue)
            driftTestsNote = body["drift_tests"]?.stringValue
        case .featureProfiler, .predictionMonitor, .systemLogger, .performance:
            // Partition-window detail stays on the reports topic; the page shows model windows.
            return nil
        }
    }
}

extension ReportFeature {
    /// One entry of a report's `features` (or a prediction monitor output).
    init(name: String, _ f: JSONObject, events: Int) {
        let missing = f["missing"].number
        self.init(
            name: name, kind: f["type"]?.stringValue ?? (f["ks_statistic"] != nil ? "numeric" : "categorical"),
            method: f["method"]?.stringValue ?? "psi",
            severity: f["severity"]?.stringValue.flatMap(Severity.init(rawValue:)) ?? .none,
            psi: f["psi"].number, ksStatistic: f["ks_statistic"].number,
            ksPValue: f["ks_pvalue"].number, wasserstein: f["wasserstein"].number,
            wassersteinNorm: f["wasserstein_norm"].number, jsDistance: f["js_distance"].number,
            chi2Statistic: f["chi2_statistic"].number, chi2PValue: f["chi2_pvalue"].number,
            missingRate: missing.flatMap { events > 0 ? $0 / Double(events) : nil },
            newCategories: (f["new_categories"]?.arrayValue ?? []).map(Self.text),
            histogram: f["histogram"]?.objectValue.flatMap(ReportHistogram.init(counts:)),
            stats: ReportColumnStats(f))
    }

    /// A JSON scalar as the report shows it (numbers as `JSONWriter` writes them).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let x): JSONWriter.format(x)
        case .bool(let b): b ? "true" : "false"
        default: "\(value)"
        }
    }
}

extension ReportHistogram {
    /// `{"edges"|"categories", "reference", "current"}` counts (FeatureProfiler) → proportions.
    init?(counts h: JSONObject) {
        let reference = (h["reference"]?.arrayValue ?? []).map { Optional($0).number ?? 0 }
        let current = (h["current"]?.arrayValue ?? []).map { Optional($0).number ?? 0 }
        guard !reference.isEmpty, reference.count == current.count else { return nil }
        func proportions(_ counts: [Double]) -> [Double] {
            let total = counts.reduce(0, +)
            return counts.map { total > 0 ? $0 / total : 0 }
        }
        if let edges = h["edges"]?.arrayValue {
            let inner = edges.compactMap { Optional($0).number }
            guard inner.count + 1 == reference.count else { return nil }
            self = .numeric(innerEdges: inner, reference: proportions(reference), current: proportions(current))
            return
        }
        if let categories = h["categories"]?.arrayValue, categories.count == reference.count {
            self.init(labels: categories.map(ReportFeature.text), reference: proportions(reference), current: proportions(current))
            return
        }
        return nil
    }
}

extension ReportNotice {
    public init(_ alert: Alert) {
        self.init(
            kind: .alert, id: alert.alertID, modelID: alert.modelID, type: alert.type.rawValue,
            level: alert.severity.rawValue, summary: alert.summary, createdAt: alert.createdAt, window: alert.window)
    }

    public init(_ trigger: RetrainTrigger) {
        self.init(
            kind: .retrain, id: trigger.triggerID, modelID: trigger.modelID,
            type: trigger.reasons.isEmpty ? "retrain" : trigger.reasons.joined(separator: ", "),
            level: trigger.urgency.rawValue,
            summary: "Retraining requested: \(trigger.reasons.joined(separator: "; "))",
            createdAt: trigger.createdAt, window: trigger.window)
    }
}

extension Optional where Wrapped == JSONValue {
    /// An integral number as `Int`.
    /// A finite number (NaN and ±infinity are published as null).
    var number: Double? { self?.doubleValue.flatMap { $0.isFinite ? $0 : nil } }
    var int: Int? { self?.doubleValue.flatMap { $0.isFinite ? Int(exactly: $0.rounded()) : nil } }
}

extension WindowInfo {
    /// RFC 3339 event time of the window's first and last events, as its `window` object says.
    public var startTime: String { StageReport.time(startTimeMs) }
    public var endTime: String { StageReport.time(endTimeMs) }

    /// "predictions[0] #3": the window's place, short; "model window #3" when it merges partitions.
    public var shortName: String {
        partitions != nil || partition < 0 ? "model window #\(index)" : "\(topic)[\(partition)] #\(index)"
    }
}
