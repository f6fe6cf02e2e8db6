public import DriftwatchCore

/// Reads the model report's `performance`, `system.llm`, `system.versions`, `data_quality` and
/// per-feature summary statistics (SPEC section 6) into the report's section inputs. Absent
/// blocks give nil; unknown fields are ignored, fields added later are picked up by name.
extension ReportPerformance {
    init?(_ p: JSONObject?) {
        guard let p, let labelled = p["labelled"].int else { return nil }
        var metrics: [String: Double] = [:]
        for name in Self.metricNames { if let v = p[name].number { metrics[name] = v } }
        var baseline: [String: Double] = [:]
        let b = p["baseline"]?.objectValue ?? JSONObject()
        for name in Self.metricNames { if let v = b[name].number { baseline[name] = v } }
        var confusion: [String: [String: Int]] = [:]
        for (label, row) in (p["confusion"]?.objectValue ?? JSONObject()).members {
            for (predicted, n) in (row.objectValue ?? JSONObject()).members { confusion[label, default: [:]][predicted] = Optional(n).int }
        }
        var roc: [ReportROCPoint] = []
        if let r = p["roc"]?.objectValue {
            let fpr = r["fpr"]?.arrayValue ?? [], tpr = r["tpr"]?.arrayValue ?? []
            for (f, t) in zip(fpr, tpr) {
                if let f = Optional(f).number, let t = Optional(t).number { roc.append(ReportROCPoint(fpr: f, tpr: t)) }
            }
        }
        self.init(labelled: labelled, metric: p["metric"]?.stringValue, metrics: metrics, baseline: baseline,
                  drop: p["drop"].number, confusion: confusion, roc: roc,
                  source: p["source"]?.stringValue)
    }

    /// Every metric a performance block may carry, in display order.
    public static let metricNames = ["accuracy", "precision", "recall", "f1", "auc", "mae", "rmse"]
}

extension ReportLLM {
    init?(_ l: JSONObject?) {
        guard let l, let requests = l["requests"].int else { return nil }
        let ttft = l["ttft_ms"]?.objectValue ?? JSONObject()
        var reasons: [String: Int] = [:]
        for (reason, n) in (l["finish_reasons"]?.objectValue ?? JSONObject()).members { reasons[reason] = Optional(n).int }
        self.init(
            requests: requests, promptTokens: l["prompt_tokens"].number, completionTokens: l["completion_tokens"].number,
            costUSD: l["cost_usd"].number, ttftP50Ms: ttft["p50"].number, ttftP95Ms: ttft["p95"].number,
            finishReasons: reasons, qualityMean: l["quality_mean"].number,
            groundednessMean: l["groundedness_mean"].number, safetyFlags: l["safety_flags"].int,
            costPerRequest: l["cost_per_request"].number)
    }
}

extension ReportVersion {
    /// `system.versions` in name order.
    static func list(_ versions: JSONObject?) -> [ReportVersion] {
        (versions?.members ?? []).sorted { $0.key < $1.key }.compactMap { name, value in
            guard let v = value.objectValue else { return nil }
            return ReportVersion(
                name: name, events: v["events"].int, errorRate: v["error_rate"].number,
                latencyP95Ms: v["latency_p95"].number ?? v["latency_ms"]?.objectValue?["p95"].number,
                llm: ReportLLM(v["llm"]?.objectValue), accuracy: v["accuracy"].number, labelled: v["labelled"].int)
        }
    }
}

extension ReportDataQuality {
    init?(_ q: JSONObject?) {
        guard let q else { return nil }
        var features: [String: Feature] = [:]
        for (name, value) in (q["features"]?.objectValue ?? JSONObject()).members {
            guard let f = value.objectValue else { continue }
            features[name] = Feature(missingRate: f["missing_rate"].number, outOfRangeRate: f["out_of_range_rate"].number)
        }
        self.init(
            missingRate: q["missing_rate"].number, typeErrors: q["type_errors"].int,
            missingFeatures: (q["missing_features"]?.arrayValue ?? []).compactMap(\.stringValue),
            unexpectedFeatures: (q["unexpected_features"]?.arrayValue ?? []).compactMap(\.stringValue),
            features: features)
    }
}

extension ReportColumnStats {
    /// nil when the entry has none of the fields (older partition reports).
    init?(_ f: JSONObject) {
        let quantiles = f["quantiles"]?.objectValue
        let stats = ReportColumnStats(
            count: f["count"].int, missing: f["missing"].int, mean: f["mean"].number,
            median: quantiles?["p50"].number ?? f["median"].number, std: f["std"].number,
            outOfRangeRate: f["out_of_range_rate"].number)
        guard stats != ReportColumnStats() else { return nil }
        self = stats
    }
}
