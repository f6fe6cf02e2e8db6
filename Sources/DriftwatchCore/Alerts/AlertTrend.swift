/// The key metric of an alert type over the model's last windows (SPEC section 6: every alert
/// carries `trend`), oldest first, the alerting window last.
///
/// JSON: `{"metric": "drift_share", "windows": [3, 4, 5], "values": [0.1, null, 0.4]}`;
/// `windows` are model window indexes and `null` marks a window where the metric was not
/// measured (e.g. fewer than `min_events`, or no latency in the events).
public struct AlertTrend: Sendable, Equatable {
    public var metric: String
    public var windows: [Int]
    public var values: [Double?]

    public init(metric: String, windows: [Int], values: [Double?]) {
        self.metric = metric
        self.windows = windows
        self.values = values
    }

    public var jsonValue: JSONValue {
        [
            "metric": .string(metric),
            "windows": .array(windows.map { .int($0) }),
            "values": .array(values.map { .number($0) }),
        ]
    }
}

extension AlertType {
    /// The metric an alert of this type is judged on, the one its `trend` follows.
    public var trendMetric: String {
        switch self {
        case .featureDrift: "drift_share"
        case .predictionDrift: "prediction_value"
        case .labelDrift: "label_value"
        case .performanceDegradation: "performance_drop"
        case .dataQuality: "missing_rate"
        case .latency: "latency_p99_ms"
        case .errorRate: "error_rate"
        case .llmCost: "cost_per_request_usd"
        case .llmTruncation: "truncation_share"
        case .llmBudget: "daily_cost_usd"
        case .llmQuality: "judge_quality_mean"
        case .versionRegression: "version_difference"
        }
    }

    /// This type's `trendMetric` in one window's findings, nil when the window did not measure it.
    /// Prediction and label drift follow the value their method decides on (PSI, a p-value, ...).
    public func trendValue(_ findings: WindowFindings) -> Double? {
        let value: Double? = switch self {
        case .featureDrift: findings.driftShare
        case .predictionDrift: findings.prediction?.first { $0.feature == "prediction" }?.value
        case .labelDrift: findings.label?.value
        case .performanceDegradation: findings.performance?.drop
        case .dataQuality: findings.dataQuality?.missingRate
        case .latency: findings.system?.latencyP99Ms
        case .errorRate: findings.system?.errorRate
        case .llmCost: findings.system?.llmCostPerRequest
        case .llmTruncation: findings.system?.llmTruncationShare
        case .llmBudget: findings.llmDayCostUSD
        case .llmQuality: findings.llmQuality?.qualityMean
        case .versionRegression: findings.versions?.largestDifference
        }
        return value.flatMap { $0.isFinite ? $0 : nil }
    }
}
