/// The prediction monitor's and the system logger's parts of the model-window analysis.
extension MergedAnalysis {
    static func outputs(
        _ merged: WindowSummary, reference: ModelReference, bins: SummaryReference?, settings: StageSettings,
        tested: Bool, report: inout JSONObject, findings: inout WindowFindings
    ) {
        let rule = settings.predictionRule
        let p = block(merged.prediction, classes(reference.prediction, settings), fine: bins?.prediction,
                      tested: tested, rule: rule)
        report["prediction"] = .object(p.block)
        var scoreSeverity = Severity.none
        var scoreValue = Double.nan
        if merged.score != nil || reference.score != nil {
            let fine = bins?.score
            let column = merged.score ?? NumericColumnSummary(binCount: fine?.count ?? 1)
            var s: JSONObject = ["type": "numeric"]
            numericEntry(column, fine: fine, into: &s, missing: nil)
            s["min"] = nil
            s["max"] = nil
            if tested, let ref = reference.score, let fine {
                let binned = column.drift(fine: fine, reference: ref)
                putDrift(binned, into: &s)
                scoreValue = decisionValue(rule.method, binned.drift)
                scoreSeverity = decide(method: rule.method, value: scoreValue, thresholds: rule.thresholds)
            }
            StageReport.addVerdict(method: rule.method, severity: scoreSeverity, to: &s)
            report["score"] = .object(s)
        }
        var labelSeverity = Severity.none
        var labelValue = Double.nan
        if let label = merged.label {
            let l = block(label, classes(reference.label, settings), fine: bins?.label, tested: tested, rule: rule)
            report["label"] = .object(l.block)
            labelSeverity = l.severity
            labelValue = l.value
        }
        guard tested else { return }
        // As ModelStages fills them from PredictionFindings.
        var outputs = [FeatureFinding(feature: "prediction", method: rule.method, value: p.value, severity: p.severity)]
        if !scoreValue.isNaN {
            outputs.append(FeatureFinding(feature: "score", method: rule.method, value: scoreValue, severity: scoreSeverity))
        }
        findings.prediction = outputs
        if !labelValue.isNaN {
            findings.label = FeatureFinding(feature: "label", method: rule.method, value: labelValue, severity: labelSeverity)
        }
    }

    /// The prediction monitor's reference for outputs: a classifier's numeric 0/1 reference
    /// becomes class counts "0"/"1" (`PredictionMonitor.init`).
    static func classes(_ d: ModelReference.Distribution?, _ settings: StageSettings) -> ModelReference.Distribution? {
        guard !settings.regression, case .numeric(let r)? = d else { return d }
        var counts: [String: Int] = [:]
        for x in r.sorted { counts[JSONWriter.format(x), default: 0] += 1 }
        return .categorical(CategoricalReference(counts: counts))
    }

    /// `PredictionMonitor.block` over a merged outcome column.
    static func block(
        _ column: ColumnSummary?, _ ref: ModelReference.Distribution?, fine: FineBins?, tested: Bool,
        rule: StageSettings.FeatureRule
    ) -> (block: JSONObject, severity: Severity, value: Double) {
        var b = JSONObject()
        var severity = Severity.none
        var value = Double.nan
        switch column {
        case .numeric(let c)?:
            b["type"] = "numeric"
            b["count"] = .int(c.count)
            b["mean"] = StageReport.num(c.mean)
            b["std"] = StageReport.num(c.populationStandardDeviation)
            if tested, case .numeric(let r)? = ref, let fine {
                let binned = c.drift(fine: fine, reference: r)
                putDrift(binned, into: &b)
                value = decisionValue(rule.method, binned.drift)
                severity = decide(method: rule.method, value: value, thresholds: rule.thresholds)
            }
        default:
            var counts: [String: Int] = [:]
            if case .categorical(let c)? = column { counts = c.counts }
            b["type"] = "categorical"
            b["count"] = .int(counts.values.reduce(0, +))
            b["distribution"] = SummaryReader.counts(counts)
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

    /// `SystemLogger.analyze` over the merged system block.
    static func systemReport(_ s: SystemSummary, window: WindowInfo) -> (JSONObject, SystemFinding) {
        var r = JSONObject()
        r["events"] = .int(s.events)
        r["errors"] = .int(s.errors)
        r["error_rate"] = .number(s.events > 0 ? Double(s.errors) / Double(s.events) : 0)
        r["latency_ms"] = s.latency.latencyObject
        r["latency_approximate"] = .bool(true)
        let spanSeconds = (window.endTimeMs - window.startTimeMs) / 1000
        r["throughput_eps"] = spanSeconds > 0 ? .number(Double(s.events) / spanSeconds) : .null
        var versions = JSONObject()
        for name in s.versions.keys.sorted(by: { ($0.isEmpty ? "unknown" : $0) < ($1.isEmpty ? "unknown" : $1) }) {
            let v = s.versions[name]!
            var entry: JSONObject = [
                "events": .int(v.events),
                "error_rate": .number(v.events > 0 ? Double(v.errors) / Double(v.events) : 0),
                "latency_p95": StageReport.num(v.latency.percentile(95)),
            ]
            addVersionExtras(v, spanSeconds: spanSeconds, to: &entry)
            versions[name.isEmpty ? "unknown" : name] = .object(entry)
        }
        r["versions"] = .object(versions)
        if !s.errorMessages.isEmpty { r["error_messages"] = SummaryReader.counts(s.errorMessages) }
        let llm = s.llm
        let cost = llm.costUSD.value
        if llm.requests > 0 {
            var block: JSONObject = [
                "requests": .int(llm.requests),
                "prompt_tokens": .number(llm.promptTokens.value),
                "completion_tokens": .number(llm.completionTokens.value),
                "cost_usd": .number(cost),
                "ttft_ms": .object(["p50": StageReport.num(llm.ttftMs.percentile(50)),
                                    "p95": StageReport.num(llm.ttftMs.percentile(95))]),
                "finish_reasons": SummaryReader.counts(llm.finishReasons),
            ]
            if llm.qualityCount > 0 { block["quality_mean"] = .number(llm.qualitySum.value / Double(llm.qualityCount)) }
            if llm.groundednessCount > 0 {
                block["groundedness_mean"] = .number(llm.groundednessSum.value / Double(llm.groundednessCount))
            }
            block["safety_flags"] = .int(llm.safetyFlags)
            // Issue 12 additions, appended so the keys above keep their order.
            if llm.safetyJudged > 0 { block["safety_judged"] = .int(llm.safetyJudged) }
            addLLMRates(llm, spanSeconds: spanSeconds, to: &block)
            r["llm"] = .object(block)
        }
        let finding = SystemFinding(
            events: s.events, errors: s.errors, latencyP99Ms: s.latency.count > 0 ? s.latency.percentile(99) : nil,
            llmRequests: llm.requests, llmCostUSD: llm.requests > 0 ? cost : nil,
            llmTruncated: llm.finishReasons["length"] ?? 0)
        return (r, finding)
    }
}
