extension FeatureFinding {
    /// A numeric feature's finding from the statistics layer: the method's decision value and
    /// severity (SPEC section 5) and every statistic (`psi`, `ks_statistic`, `ks_pvalue`,
    /// `wasserstein`, `wasserstein_norm`, `js_distance`).
    public init(feature: String, settings: DriftwatchConfig.Feature = .init(), numeric drift: NumericDrift) {
        let value = decisionValue(settings.method, drift)
        self.init(feature: feature, method: settings.method, value: value,
                  severity: decide(method: settings.method, value: value, thresholds: settings.thresholds),
                  statistics: ["psi": drift.psi, "ks_statistic": drift.ksStatistic, "ks_pvalue": drift.ksPValue,
                               "wasserstein": drift.wasserstein, "wasserstein_norm": drift.wassersteinNorm,
                               "js_distance": drift.jsDistance])
    }

    /// A categorical feature's finding: `psi`, `chi2_statistic`, `chi2_pvalue`, `js_distance`.
    public init(feature: String, settings: DriftwatchConfig.Feature = .init(), categorical drift: CategoricalDrift) {
        let value = decisionValue(settings.method, drift)
        self.init(feature: feature, method: settings.method, value: value,
                  severity: decide(method: settings.method, value: value, thresholds: settings.thresholds),
                  statistics: ["psi": drift.psi, "chi2_statistic": drift.chi2Statistic,
                               "chi2_pvalue": drift.chi2PValue, "js_distance": drift.jsDistance])
    }
}
