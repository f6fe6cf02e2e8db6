/// A retrain trigger (topic `model-retrain`, key = model id), consumed by the Airflow DAG, which
/// uses `trigger_id` as its run id and passes `dag_conf` to `TriggerDagRunOperator(conf=...)`.
public struct RetrainTrigger: Sendable, Equatable {
    /// `retrain:<model>:<topic>-<partition>:<start>-<end>:<urgency>`, deterministic.
    public var triggerID: String
    public var modelID: String
    public var modelVersion: String?
    public var urgency: RetrainUrgency
    /// `dataset_drift`, `prediction_drift`, `performance_drop`.
    public var reasons: [String]
    public var window: WindowInfo
    /// `{"drift_share", "dataset_drift", "drifted_features", "prediction_drift", "performance"}`.
    public var evidence: MetricValue
    /// Flat: strings, numbers, booleans and nulls only.
    public var dagConf: [MetricField]

    public init(findings: WindowFindings, urgency: RetrainUrgency, reasons: [String], dagID: String? = nil) {
        let window = findings.window
        triggerID = "retrain:\(findings.modelID):\(window.idComponent):\(urgency.rawValue)"
        modelID = findings.modelID
        modelVersion = findings.modelVersion
        self.urgency = urgency
        self.reasons = reasons
        self.window = window
        let drifted = findings.driftedFeatures.map(\.feature)
        let predictionSeverity = (findings.prediction ?? []).map(\.severity).max()
        let performance = findings.performance
        evidence = .fields([
            ("drift_share", .optional(findings.driftShare)),
            ("dataset_drift", .bool(reasons.contains("dataset_drift"))),
            ("drifted_features", .array(drifted.map { .string($0) })),
            ("prediction_drift", .optional(predictionSeverity?.rawValue)),
            ("performance", performance.map {
                .fields([("metric", .string($0.metric)), ("current", .number($0.current)),
                         ("baseline", .number($0.baseline)), ("drop", .number($0.drop)),
                         ("labelled", .int($0.labelled))])
            } ?? .null),
        ])
        dagConf = [
            MetricField("trigger_id", .string(triggerID)),
            MetricField("model_id", .string(modelID)),
            MetricField("model_version", .optional(modelVersion)),
            MetricField("urgency", .string(urgency.rawValue)),
            MetricField("reasons", .string(reasons.joined(separator: ","))),
            MetricField("topic", .string(window.topic)),
            MetricField("partition", .int(Int64(window.partition))),
            MetricField("start_offset", .int(window.startOffset)),
            MetricField("end_offset", .int(window.endOffset)),
            MetricField("window_index", .int(window.index)),
            MetricField("window_start_time", .string(EventTime.rfc3339(epochMs: window.startTimeMs))),
            MetricField("window_end_time", .string(EventTime.rfc3339(epochMs: window.endTimeMs))),
            MetricField("drift_share", .optional(findings.driftShare)),
            MetricField("drifted_features", .string(drifted.joined(separator: ","))),
            MetricField("prediction_drift", .optional(predictionSeverity?.rawValue)),
            MetricField("performance_metric", .optional(performance?.metric)),
            MetricField("performance_drop", .optional(performance?.drop)),
            MetricField("dag_id", .optional(dagID)),
        ]
    }

    /// Event time of the window's end (RFC 3339).
    public var createdAt: String { EventTime.rfc3339(epochMs: window.endTimeMs) }

    /// The Kafka message key.
    public var key: String { modelID }

    /// The SPEC section 6 message, keys in SPEC order.
    public var jsonValue: MetricValue {
        .fields([
            ("kind", .string("retrain")),
            ("trigger_id", .string(triggerID)),
            ("model_id", .string(modelID)),
            ("model_version", .optional(modelVersion)),
            ("urgency", .string(urgency.rawValue)),
            ("reasons", .array(reasons.map { .string($0) })),
            ("window", window.jsonValue),
            ("evidence", evidence),
            ("dag_conf", .object(dagConf)),
            ("created_at", .string(createdAt)),
        ])
    }

    public var jsonBytes: [UInt8] { jsonValue.jsonBytes }
    public var jsonString: String { jsonValue.jsonString }
}
