/// The pieces of a `version_regression` alert built from a comparison. The model stage owns the
/// alert itself (window, cooldown); these give it the version to name, a sentence and evidence.
extension VersionComparison.Result {
    /// `.warning` when some version regressed, else `.none` (SPEC names no critical tier).
    public var severity: Severity { regressions.isEmpty ? .none : .warning }

    /// The version the alert concerns: the one with the most significant regression.
    public var regressedVersion: String? { regressions.first?.version }

    /// One sentence naming every regressed version and metric, e.g.
    /// "Version 1.5.0 is worse than the other versions: error_rate 3% vs 1% (+200%, p <0.001)".
    public var summary: String {
        var versions: [String] = []
        var parts: [String: [String]] = [:]
        for r in regressions {
            if parts[r.version] == nil { versions.append(r.version) }
            parts[r.version, default: []].append(Self.describe(r))
        }
        switch versions.count {
        case 0:
            return "No version is worse than the others"
        case 1:
            return "Version \(versions[0]) is worse than the other versions: " + parts[versions[0]]!.joined(separator: ", ")
        default:
            let clauses = versions.map { "version \($0): " + parts[$0]!.joined(separator: ", ") }
            return "Versions \(versions.joined(separator: ", ")) are worse than the other versions: "
                + clauses.joined(separator: "; ")
        }
    }

    /// Evidence: `regressions` (each with version, metric, value, others, relative_difference,
    /// p_value, test) and `versions` (events, error_rate, latency_p95, accuracy, score KS).
    public var metrics: JSONObject {
        let regressionValues: [JSONValue] = regressions.map { r in
            .object(["version": .string(r.version), "metric": .string(r.metric.rawValue),
                     "value": .number(r.value), "others": .number(r.others),
                     "relative_difference": .number(r.relativeDifference), "p_value": .number(r.pValue),
                     "test": .string(r.metric == .latencyP95 ? "mann_whitney_u" : "two_proportion_z")])
        }
        var perVersion = JSONObject()
        for v in versions {
            perVersion[v.version] = .object([
                "events": .int(v.events), "error_rate": .number(v.errorRate), "latency_p95": .number(v.latencyP95),
                "accuracy": .number(v.accuracy), "score_ks_statistic": .number(v.scoreKSStatistic),
                "score_ks_pvalue": .number(v.scoreKSPValue),
            ])
        }
        return ["regressions": .array(regressionValues), "versions": .object(perVersion)]
    }

    static func describe(_ r: VersionRegression) -> String {
        let isRate = r.metric != .latencyP95
        let value = isRate ? AlertEvaluator.percent(r.value) : "\(AlertEvaluator.short(r.value)) ms"
        let others = isRate ? AlertEvaluator.percent(r.others) : "\(AlertEvaluator.short(r.others)) ms"
        let sign = r.metric == .accuracy ? "-" : "+"
        let relative = r.relativeDifference.isFinite ? sign + AlertEvaluator.percent(r.relativeDifference) : "others at 0"
        return "\(r.metric.rawValue) \(value) vs \(others) (\(relative), p \(AlertEvaluator.short(r.pValue)))"
    }
}
