import Foundation

/// Reads driftwatch's own output messages (SPEC section 6) back into report inputs, so the
/// runtime and `replay --html` can feed the report from what they publish.
enum ReportMessageParser {
    enum Parsed {
        case window(ReportWindowInput)
        case notice(ReportNotice)
    }

    static func parse(_ bytes: [UInt8]) -> Parsed? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let kind = object["kind"] as? String, let modelID = object["model_id"] as? String
        else { return nil }
        let window = (object["window"] as? [String: Any]).flatMap(parseWindow)
        switch kind {
        case "window_report":
            guard let window else { return nil }
            var input = ReportWindowInput(
                modelID: modelID, modelVersion: object["model_version"] as? String, window: window)
            switch object["stage"] as? String {
            case "feature_profiler":
                let features = object["features"] as? [String: Any] ?? [:]
                input.features = features.keys.sorted().compactMap { name in
                    (features[name] as? [String: Any]).map { parseFeature(name, $0, events: window.events) }
                }
                input.driftShare = double(object["drift_share"])
                input.datasetDrift = object["dataset_drift"] as? Bool
            case "prediction_monitor":
                input.outputs = ["prediction", "score", "label"].compactMap { name in
                    (object[name] as? [String: Any]).map { parseFeature(name, $0, events: window.events) }
                }
            case "system_logger":
                let latency = object["latency_ms"] as? [String: Any] ?? [:]
                input.system = ReportSystem(
                    events: int(object["events"]), errorRate: double(object["error_rate"]),
                    latencyP50Ms: double(latency["p50"]), latencyP95Ms: double(latency["p95"]),
                    latencyP99Ms: double(latency["p99"]), throughputEPS: double(object["throughput_eps"]))
            default:
                return nil
            }
            return .window(input)
        case "alert":
            guard let id = object["alert_id"] as? String else { return nil }
            return .notice(ReportNotice(
                kind: .alert, id: id, modelID: modelID, type: object["type"] as? String ?? "alert",
                level: object["severity"] as? String ?? "warning", summary: object["summary"] as? String ?? "",
                createdAt: object["created_at"] as? String ?? "", window: window))
        case "retrain":
            guard let id = object["trigger_id"] as? String else { return nil }
            let reasons = (object["reasons"] as? [Any] ?? []).map { reasonText($0) }
            return .notice(ReportNotice(
                kind: .retrain, id: id, modelID: modelID,
                type: reasons.isEmpty ? "retrain" : reasons.joined(separator: ", "),
                level: object["urgency"] as? String ?? "scheduled",
                summary: object["summary"] as? String ?? "Retraining requested: \(reasons.joined(separator: "; "))",
                createdAt: object["created_at"] as? String ?? "", window: window))
        default:
            return nil
        }
    }

    static func parseWindow(_ w: [String: Any]) -> ReportWindow? {
        guard let topic = w["topic"] as? String, let partition = int(w["partition"]), let index = int(w["index"])
        else { return nil }
        return ReportWindow(
            topic: topic, partition: Int32(partition), startOffset: Int64(int(w["start_offset"]) ?? 0),
            endOffset: Int64(int(w["end_offset"]) ?? 0), events: int(w["events"]) ?? 0, index: index,
            startTime: w["start_time"] as? String ?? "", endTime: w["end_time"] as? String ?? "",
            partial: w["partial"] as? Bool ?? false)
    }

    static func parseFeature(_ name: String, _ f: [String: Any], events: Int) -> ReportFeature {
        let missing = double(f["missing"])
        let severity = (f["severity"] as? String).flatMap(DriftSeverity.init(rawValue:)) ?? .none
        return ReportFeature(
            name: name, kind: f["type"] as? String ?? (f["ks_statistic"] != nil ? "numeric" : "categorical"),
            method: f["method"] as? String ?? "psi", severity: severity, psi: double(f["psi"]),
            ksStatistic: double(f["ks_statistic"]), ksPValue: double(f["ks_pvalue"]),
            wasserstein: double(f["wasserstein"]), wassersteinNorm: double(f["wasserstein_norm"]),
            jsDistance: double(f["js_distance"]), chi2Statistic: double(f["chi2_statistic"]),
            chi2PValue: double(f["chi2_pvalue"]),
            missingRate: missing.flatMap { events > 0 ? $0 / Double(events) : nil },
            newCategories: (f["new_categories"] as? [Any] ?? []).map { "\($0)" },
            histogram: (f["histogram"] as? [String: Any]).flatMap(parseHistogram))
    }

    /// `{"edges"|"categories", "reference", "current"}` counts (FeatureProfiler) → proportions.
    static func parseHistogram(_ h: [String: Any]) -> ReportHistogram? {
        let reference = (h["reference"] as? [Any] ?? []).map { double($0) ?? 0 }
        let current = (h["current"] as? [Any] ?? []).map { double($0) ?? 0 }
        guard !reference.isEmpty, reference.count == current.count else { return nil }
        func proportions(_ counts: [Double]) -> [Double] {
            let total = counts.reduce(0, +)
            return counts.map { total > 0 ? $0 / total : 0 }
        }
        if let edges = h["edges"] as? [Any] {
            let inner = edges.compactMap { double($0) }
            guard inner.count + 1 == reference.count else { return nil }
            return .numeric(innerEdges: inner, reference: proportions(reference), current: proportions(current))
        }
        if let categories = h["categories"] as? [Any], categories.count == reference.count {
            return ReportHistogram(
                labels: categories.map { "\($0)" }, reference: proportions(reference), current: proportions(current))
        }
        return nil
    }

    static func reasonText(_ reason: Any) -> String {
        if let text = reason as? String { return text }
        if let object = reason as? [String: Any] {
            return (object["type"] as? String) ?? (object["reason"] as? String) ?? "\(object)"
        }
        return "\(reason)"
    }

    static func double(_ value: Any?) -> Double? {
        if let d = value as? Double { return d }
        if let i = value as? Int { return Double(i) }
        if let n = value as? NSNumber { return n.doubleValue }
        return nil
    }

    static func int(_ value: Any?) -> Int? {
        double(value).flatMap { $0.isFinite ? Int(exactly: $0.rounded()) : nil }
    }
}
