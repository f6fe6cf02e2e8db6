/// A retrain trigger (topic `model-retrain`, key = model id), consumed by the Airflow DAG, which
/// uses `trigger_id` as its run id and passes `dag_conf` to `TriggerDagRunOperator(conf=...)`.
public struct RetrainTrigger: Sendable, Equatable {
    /// `retrain:<model>:<topic>-<partition>:<start>-<end>:<urgency>` (partition window) or
    /// `retrain:<model>:<topic>:model-<index>:<urgency>` (model window), deterministic.
    public var triggerID: String
    public var modelID: String
    public var modelVersion: String?
    public var urgency: RetrainUrgency
    /// `dataset_drift`, `prediction_drift`, `performance_drop`.
    public var reasons: [String]
    public var window: WindowInfo
    /// `{"drift_share", "dataset_drift", "drifted_features", "prediction_drift", "performance"}`.
    public var evidence: JSONObject
    /// Flat: strings, numbers, booleans and nulls only.
    public var dagConf: JSONObject

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
        evidence = [
            "drift_share": .number(findings.driftShare),
            "dataset_drift": .bool(reasons.contains("dataset_drift")),
            "drifted_features": .array(drifted.map { .string($0) }),
            "prediction_drift": .string(predictionSeverity?.rawValue),
            "performance": performance.map {
                ["metric": .string($0.metric), "current": .number($0.current),
                 "baseline": .number($0.baseline), "drop": .number($0.drop), "labelled": .int($0.labelled)]
            } ?? .null,
        ]
        dagConf = [
            "trigger_id": .string(triggerID),
            "model_id": .string(modelID),
            "model_version": .string(modelVersion),
            "urgency": .string(urgency.rawValue),
            "reasons": .string(reasons.joined(separator: ",")),
            "topic": .string(window.topic),
            "partition": window.isModelWindow ? .null : .int(Int(window.partition)),
            "start_offset": window.isModelWindow ? .null : .number(Double(window.startOffset)),
            "end_offset": window.isModelWindow ? .null : .number(Double(window.endOffset)),
            "window_index": .int(window.index),
            "window_start_time": .string(RFC3339.format(epochMilliseconds: window.startTimeMs)),
            "window_end_time": .string(window.endTimeText),
            "drift_share": .number(findings.driftShare),
            "drifted_features": .string(drifted.joined(separator: ",")),
            "prediction_drift": .string(predictionSeverity?.rawValue),
            "performance_metric": .string(performance?.metric),
            "performance_drop": .number(performance?.drop),
            "dag_id": .string(dagID),
        ]
        if let partitions = window.partitions {
            // Flat for Airflow: the merged partitions as "0,1,2" (model windows only).
            dagConf["partitions"] = .string(partitions.map { String($0.partition) }.joined(separator: ","))
        }
    }

    /// Event time of the window's end (RFC 3339).
    public var createdAt: String { window.endTimeText }

    /// The Kafka message key.
    public var key: String { modelID }

    /// The SPEC section 6 message, keys in SPEC order.
    public var jsonObject: JSONObject {
        [
            "kind": "retrain",
            "trigger_id": .string(triggerID),
            "model_id": .string(modelID),
            "model_version": .string(modelVersion),
            "urgency": .string(urgency.rawValue),
            "reasons": .array(reasons.map { .string($0) }),
            "window": .object(window.jsonObject),
            "evidence": .object(evidence),
            "dag_conf": .object(dagConf),
            "created_at": .string(createdAt),
        ]
    }

    /// The Kafka message value: compact, deterministic JSON (`JSONWriter`).
    public var jsonBytes: [UInt8] { jsonObject.encodedBytes() }
    public var jsonString: String { jsonObject.encodedString() }
}
