/// The issue 12 rules over a model window's findings (SPEC section 6), in `AlertType` order:
///
/// - `llm_budget`: the crossing `AlertEngine.chargeLLMBudget` found (the model's LLM cost in the
///   UTC day of event time ≥ 80% of `alerts.llm_daily_budget` warning, ≥ 100% critical, once per
///   model, day and severity). `model_version` as the window's.
/// - `llm_quality`: `LLMQualityRule` over the merged judge sums (quality mean < 3.5 of 5,
///   groundedness mean < 0.70, safety_flag rate > 0.5%): one warning naming the checks that
///   failed in `metrics.failed`. `model_version` as the window's.
/// - `version_regression`: `VersionComparison` of each version against the others pooled
///   (error rate and accuracy by two-proportion z-test, latency by Mann–Whitney U over the
///   merged latency histograms), p < 0.01 and a relative difference > 10%. `model_version` is
///   the regressed version (the most significant one when several regressed; the summary and
///   `metrics.regressions` name them all).
extension AlertEvaluator {
    func issue12Alerts(_ findings: WindowFindings) -> [Alert] {
        var alerts: [Alert] = []
        func alert(_ type: AlertType, _ severity: Severity, version: String?, _ summary: String, _ metrics: JSONObject) {
            guard severity >= .warning else { return }
            alerts.append(Alert(type: type, severity: severity, modelID: findings.modelID, modelVersion: version,
                                window: findings.window, summary: summary, metrics: metrics))
        }
        if let crossing = findings.llmBudget {
            alert(.llmBudget, crossing.severity, version: findings.modelVersion, crossing.summary, crossing.metrics)
        }
        if let sums = findings.llmQuality {
            let finding = LLMQualityRule().evaluate(sums)
            alert(.llmQuality, finding.severity, version: findings.modelVersion, finding.summary, finding.metrics)
        }
        if let versions = findings.versions, let regressed = versions.regressedVersion {
            alert(.versionRegression, versions.severity, version: regressed, versions.summary, versions.metrics)
        }
        return alerts
    }
}

extension VersionComparison.Result {
    /// The trend metric of `version_regression`: the largest finite relative difference among
    /// the regressions, 0 when no version regressed (nil when infinite: the others were at 0).
    public var largestDifference: Double? {
        let finite = regressions.map(\.relativeDifference).filter(\.isFinite)
        if regressions.isEmpty { return 0 }
        return finite.max()
    }
}
