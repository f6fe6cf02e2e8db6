/// Evidently-like rules over one window's findings (SPEC section 6 defaults, thresholds from
/// `alerts` in the configuration). Produces at most one alert per type, in `AlertType` order;
/// cooldown is a separate step (`AlertCooldown`).
///
/// Rules (strict `>` where SPEC says "more than"):
/// - feature_drift: any monitored feature at warning or above; critical when one is critical or
///   the window shows dataset drift (drift_share ≥ `drift_share`). Names every drifted feature.
/// - prediction_drift / label_drift: the output (prediction, score) or label drift severity.
/// - performance_degradation: relative drop > warning (5%) / > critical (15%).
/// - data_quality: critical when a required feature is absent or mistyped in > `type_error_rate`
///   of events; warning when ONE feature's missing rate > `missing_rate` (5%) or its
///   out-of-range rate (share of its values outside the reference's [p0.1, p99.9]) >
///   `out_of_range_rate` (5%), when type_error_rate > `type_error_rate`, or when a reference
///   feature is absent from the whole window. One alert names every feature involved.
/// - latency: p99 > 500 ms warning, > 2000 ms critical. error_rate: > 1% / > 5%.
/// - llm_cost: cost per request > $0.05 warning. llm_truncation: finish_reason "length" > 20%.
/// - llm_budget, llm_quality, version_regression: AlertEvaluator+Issue12.swift.
public struct AlertEvaluator: Sendable {
    public var rules: DriftwatchConfig.Alerts

    public init(rules: DriftwatchConfig.Alerts = .init()) {
        self.rules = rules
    }

    public func evaluate(_ findings: WindowFindings) -> [Alert] {
        var alerts: [Alert] = []
        func raise(_ type: AlertType, _ severity: Severity, _ summary: String, _ metrics: JSONObject) {
            guard severity >= .warning else { return }
            alerts.append(Alert(type: type, severity: severity, modelID: findings.modelID,
                                modelVersion: findings.modelVersion, window: findings.window,
                                summary: summary, metrics: metrics))
        }
        if let features = findings.features {
            let drifted = features.drifted
            let share = findings.driftShare ?? 0
            let dataset = findings.datasetDrift(threshold: rules.driftShare)
            if let worst = drifted.first?.severity {
                let severity: Severity = dataset ? .critical : worst
                let names = drifted.map(Self.describe).joined(separator: ", ")
                raise(.featureDrift, severity,
                      "\(drifted.count) of \(features.count) features drifted (drift share \(Self.short(share))"
                          + "\(dataset ? ", dataset drift" : "")): \(names)",
                      ["drift_share": .number(share), "dataset_drift": .bool(dataset),
                       "drifted_features": .int(drifted.count), "monitored_features": .int(features.count),
                       "features": .array(drifted.map(\.jsonValue))])
            }
        }
        if let outputs = findings.prediction {
            raise(.predictionDrift, outputs.drifted.first?.severity ?? .none, Self.outputSummary("prediction", outputs.drifted),
                  ["features": .array(outputs.drifted.map(\.jsonValue))])
        }
        if let label = findings.label {
            raise(.labelDrift, label.severity, Self.outputSummary("label", [label]), ["features": .array([label.jsonValue])])
        }
        if let performance = findings.performance { evaluatePerformance(performance, raise) }
        if let quality = findings.dataQuality { evaluateQuality(quality, raise) }
        if let system = findings.system { evaluateSystem(system, raise) }
        alerts += issue12Alerts(findings)
        return alerts
    }

    typealias Raise = (AlertType, Severity, String, JSONObject) -> Void

    private func evaluatePerformance(_ p: PerformanceFinding, _ raise: Raise) {
        let drop = p.drop
        var metrics: JSONObject = [
            "metric": .string(p.metric), "current": .number(p.current), "baseline": .number(p.baseline),
            "drop": .number(drop), "labelled": .int(p.labelled),
        ]
        for key in p.metrics.keys.sorted() where metrics[key] == nil {
            metrics[key] = .number(p.metrics[key]!)
        }
        raise(.performanceDegradation, Self.tier(drop, rules.performanceDrop),
              "\(p.metric) fell \(Self.percent(drop)) below its baseline (\(Self.short(p.current)) vs "
                  + "\(Self.short(p.baseline)) over \(p.labelled) labelled events)", metrics)
    }

    private func evaluateQuality(_ q: DataQualityFinding, _ raise: Raise) {
        let broken = q.required.filter { Self.exceeds($0.rate(events: q.events), rules.typeErrorRate) }
            .sorted { $0.feature < $1.feature }
        var severity: Severity = .none
        var problems: [String] = []
        if !broken.isEmpty {
            severity = .critical
            problems.append("required " + broken.map { "\($0.feature) absent or mistyped in \(Self.percent($0.rate(events: q.events)))" }
                .joined(separator: ", "))
        }
        // Per feature, not averaged: one feature 10% null is a problem even among twenty clean ones.
        // Features absent from the whole window are named once, below, not as 100% missing.
        let absent = Set(q.missingFeatures)
        let byName = q.features.sorted { $0.feature < $1.feature }
        let missing = byName.filter { !absent.contains($0.feature) && Self.exceeds($0.missingRate, rules.missingRate) }
        let outOfRange = byName.filter { Self.exceeds($0.outOfRangeRate ?? 0, rules.outOfRangeRate) }
        if !missing.isEmpty {
            severity = max(severity, .warning)
            problems.append("missing " + missing.map { "\($0.feature) \(Self.percent($0.missingRate))" }
                .joined(separator: ", "))
        }
        if !outOfRange.isEmpty {
            severity = max(severity, .warning)
            problems.append("outside the reference [p0.1, p99.9] " + outOfRange.map {
                "\($0.feature) \(Self.percent($0.outOfRangeRate ?? 0))"
            }.joined(separator: ", "))
        }
        if Self.exceeds(q.typeErrorRate, rules.typeErrorRate) {
            severity = max(severity, .warning)
            problems.append("type error rate \(Self.percent(q.typeErrorRate))")
        }
        if !q.missingFeatures.isEmpty {
            severity = max(severity, .warning)
            problems.append("absent features " + q.missingFeatures.sorted().joined(separator: ", "))
        }
        let required: [JSONValue] = broken.map {
            ["feature": .string($0.feature), "rate": .number($0.rate(events: q.events)),
             "absent": .int($0.absent), "type_errors": .int($0.typeErrors)]
        }
        let flagged = Set(missing.map(\.feature)).union(outOfRange.map(\.feature))
        raise(.dataQuality, severity, "Data quality: " + problems.joined(separator: "; "),
              ["missing_rate": .number(q.missingRate), "type_error_rate": .number(q.typeErrorRate),
               "missing_features": .array(q.missingFeatures.sorted().map { .string($0) }),
               "unexpected_features": .array(q.unexpectedFeatures.sorted().map { .string($0) }),
               "required_features": .array(required), "events": .int(q.events),
               "features": .array(byName.filter { flagged.contains($0.feature) }.map(\.alertValue)),
               "missing_rate_threshold": .number(rules.missingRate),
               "out_of_range_rate_threshold": .number(rules.outOfRangeRate)])
    }

    private func evaluateSystem(_ s: SystemFinding, _ raise: Raise) {
        if let p99 = s.latencyP99Ms {
            raise(.latency, Self.tier(p99, rules.latencyP99Ms),
                  "Latency p99 \(Self.short(p99)) ms exceeds \(Self.short(Self.exceeds(p99, rules.latencyP99Ms.critical) ? rules.latencyP99Ms.critical : rules.latencyP99Ms.warning)) ms",
                  ["latency_p99_ms": .number(p99), "warning_ms": .number(rules.latencyP99Ms.warning),
                   "critical_ms": .number(rules.latencyP99Ms.critical), "events": .int(s.events)])
        }
        raise(.errorRate, Self.tier(s.errorRate, rules.errorRate),
              "Error rate \(Self.percent(s.errorRate)) (\(s.errors) of \(s.events) predictions failed)",
              ["error_rate": .number(s.errorRate), "errors": .int(s.errors), "events": .int(s.events)])
        if let cost = s.llmCostPerRequest, Self.exceeds(cost, rules.llmCostPerRequest) {
            raise(.llmCost, .warning,
                  "LLM cost per request $\(Self.short(cost)) exceeds $\(Self.short(rules.llmCostPerRequest))",
                  ["cost_per_request_usd": .number(cost), "cost_usd": .number(s.llmCostUSD),
                   "requests": .int(s.llmRequests), "threshold_usd": .number(rules.llmCostPerRequest)])
        }
        if let share = s.llmTruncationShare, Self.exceeds(share, rules.llmTruncation) {
            raise(.llmTruncation, .warning,
                  "\(Self.percent(share)) of LLM responses were cut off (finish_reason length)",
                  ["truncation_share": .number(share), "truncated": .int(s.llmTruncated),
                   "requests": .int(s.llmRequests), "threshold": .number(rules.llmTruncation)])
        }
    }

    /// Severity for a value where larger is worse, strictly above the tiers.
    static func tier(_ value: Double, _ tiers: DriftwatchConfig.Tiers) -> Severity {
        if exceeds(value, tiers.critical) { return .critical }
        if exceeds(value, tiers.warning) { return .warning }
        return .none
    }

    /// `value > threshold`, ignoring floating-point noise (0.95 vs 1.0 is a drop of exactly 5%,
    /// not 5.0000000000000044%).
    static func exceeds(_ value: Double, _ threshold: Double) -> Bool {
        value > threshold + 1e-9 * max(1, abs(threshold))
    }

    /// `value >= threshold`, ignoring floating-point noise.
    static func reaches(_ value: Double, _ threshold: Double) -> Bool {
        value >= threshold - 1e-9 * max(1, abs(threshold))
    }

    static func describe(_ finding: FeatureFinding) -> String {
        let statistic = finding.method.isPValue ? "\(finding.method.rawValue) p" : finding.method.rawValue
        return "\(finding.feature) (\(finding.severity.rawValue), \(statistic) \(short(finding.value)))"
    }

    private static func outputSummary(_ what: String, _ drifted: [FeatureFinding]) -> String {
        "\(what == "label" ? "Label" : "Prediction") drift: " + drifted.map(describe).joined(separator: ", ")
    }

    /// Three decimals, trailing zeros trimmed; "<0.001" for tiny positive values.
    static func short(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if value != 0 && abs(value) < 0.001 { return value < 0 ? ">-0.001" : "<0.001" }
        let rounded = (value * 1_000).rounded() / 1_000
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func percent(_ fraction: Double) -> String { "\(short(fraction * 100))%" }
}
