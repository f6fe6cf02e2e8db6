/// SPEC section 6 alert types.
public enum AlertType: String, Sendable, CaseIterable, Comparable {
    case featureDrift = "feature_drift"
    case predictionDrift = "prediction_drift"
    case labelDrift = "label_drift"
    case performanceDegradation = "performance_degradation"
    case dataQuality = "data_quality"
    case latency
    case errorRate = "error_rate"
    case llmCost = "llm_cost"
    case llmTruncation = "llm_truncation"
    // Issue 12 additions, after the original cases so their order (and replay output) is kept.
    case llmBudget = "llm_budget"
    case llmQuality = "llm_quality"
    case versionRegression = "version_regression"

    public static func < (a: AlertType, b: AlertType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One alert (topic `model-alerts`, key = model id): at most one per window per type, naming
/// every feature involved in `metrics`.
public struct Alert: Sendable, Equatable {
    /// `alert:<model>:<topic>-<partition>:<start>-<end>:<type>` (partition window) or
    /// `alert:<model>:<topic>:model-<index>:<type>` (model window), deterministic.
    public var alertID: String
    public var type: AlertType
    /// `.warning` or `.critical`, never `.none`.
    public var severity: Severity
    public var modelID: String
    public var modelVersion: String?
    public var window: WindowInfo
    /// One readable sentence.
    public var summary: String
    /// Type-specific evidence (see `AlertEvaluator`).
    public var metrics: JSONObject
    /// The type's key metric over the model's last windows; set by the model stage. When set,
    /// the JSON carries `trend` and `runbook_url` (null when none is configured).
    public var trend: AlertTrend?
    /// The runbook configured for this type, if any.
    public var runbookURL: String?

    public init(type: AlertType, severity: Severity, modelID: String, modelVersion: String?,
                window: WindowInfo, summary: String, metrics: JSONObject) {
        self.alertID = Alert.id(modelID: modelID, window: window, type: type)
        self.type = type
        self.severity = severity
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.window = window
        self.summary = summary
        self.metrics = metrics
    }

    public static func id(modelID: String, window: WindowInfo, type: AlertType) -> String {
        "alert:\(modelID):\(window.idComponent):\(type.rawValue)"
    }

    /// Event time of the window's end (RFC 3339), never wall-clock time.
    public var createdAt: String { window.endTimeText }

    /// The Kafka message key.
    public var key: String { modelID }

    /// The SPEC section 6 message, keys in SPEC order.
    /// Partition-stage alerts (no trend, no runbook) keep their original shape.
    public var jsonObject: JSONObject {
        var object: JSONObject = [
            "kind": "alert",
            "alert_id": .string(alertID),
            "type": .string(type.rawValue),
            "severity": .string(severity.rawValue),
            "model_id": .string(modelID),
            "model_version": .string(modelVersion),
            "window": .object(window.jsonObject),
            "summary": .string(summary),
            "metrics": .object(metrics),
        ]
        if let trend { object["trend"] = trend.jsonValue }
        if trend != nil || runbookURL != nil { object["runbook_url"] = .string(runbookURL) }
        object["created_at"] = .string(createdAt)
        return object
    }

    /// The Kafka message value: compact, deterministic JSON (`JSONWriter`).
    public var jsonBytes: [UInt8] { jsonObject.encodedBytes() }
    public var jsonString: String { jsonObject.encodedString() }
}
