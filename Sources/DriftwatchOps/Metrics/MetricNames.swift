import Prometheus

/// Every metric driftwatch exports: name, type, labels and help text, in one place.
///
/// Names follow Prometheus conventions: `driftwatch_` prefix, base units (seconds, messages),
/// `_total` on counters, `_ratio` on 0...1 values. Dashboards (docker/grafana) query exactly these;
/// a test checks that every name a dashboard panel uses is one `/metrics` exposes.
public enum DriftwatchMetricName: String, CaseIterable, Sendable {
    case eventsConsumed = "driftwatch_events_consumed_total"
    case decodeErrors = "driftwatch_decode_errors_total"
    case deadLetterMessages = "driftwatch_dead_letter_messages_total"
    case messagesPublished = "driftwatch_messages_published_total"
    case windowsClosed = "driftwatch_windows_closed_total"
    case alertsPublished = "driftwatch_alerts_published_total"
    case alertsSuppressed = "driftwatch_alerts_suppressed_total"
    case retrainTriggersPublished = "driftwatch_retrain_triggers_published_total"
    case featurePSI = "driftwatch_feature_psi"
    case featureDriftSeverity = "driftwatch_feature_drift_severity"
    case predictionPSI = "driftwatch_prediction_psi"
    case driftShare = "driftwatch_drift_share_ratio"
    case consumerLag = "driftwatch_consumer_lag_messages"
    case labelJoinPending = "driftwatch_label_join_pending_predictions"
    case labelJoinDropped = "driftwatch_label_join_dropped_total"
    case assignedPartitions = "driftwatch_assigned_partitions"
    case ready = "driftwatch_ready"
    case windowAnalysisSeconds = "driftwatch_window_analysis_seconds"
    case eventLatencySeconds = "driftwatch_event_latency_seconds"
    case buildInfo = "driftwatch_build_info"
    case unconfiguredModelEvents = "driftwatch_unconfigured_model_events_total"

    public enum Kind: String, Sendable { case counter, gauge, histogram }

    /// The swift-prometheus descriptor: the whole name as `metricName`, so it is emitted as is.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: rawValue, unitName: "", helpText: help)
    }

    public var kind: Kind {
        switch self {
        case .eventsConsumed, .decodeErrors, .deadLetterMessages, .messagesPublished, .windowsClosed,
            .alertsPublished, .alertsSuppressed, .retrainTriggersPublished, .unconfiguredModelEvents,
            .labelJoinDropped:
            .counter
        case .featurePSI, .featureDriftSeverity, .predictionPSI, .driftShare, .consumerLag,
            .labelJoinPending, .assignedPartitions, .ready, .buildInfo:
            .gauge
        case .windowAnalysisSeconds, .eventLatencySeconds:
            .histogram
        }
    }

    /// Label names, in the order the facade passes them (one label set per name).
    public var labelNames: [String] {
        switch self {
        case .eventsConsumed, .decodeErrors, .deadLetterMessages, .messagesPublished: ["topic"]
        case .windowsClosed: ["model_id", "stage"]
        case .labelJoinDropped: ["reason"]
        case .alertsPublished: ["model_id", "type", "severity"]
        case .retrainTriggersPublished: ["model_id", "urgency"]
        case .featurePSI, .featureDriftSeverity: ["model_id", "feature"]
        case .predictionPSI: ["model_id", "output"]
        case .driftShare: ["model_id"]
        case .consumerLag: ["topic", "partition"]
        case .windowAnalysisSeconds: ["stage"]
        case .buildInfo: ["version", "swift_version", "librdkafka_version"]
        case .alertsSuppressed, .labelJoinPending, .assignedPartitions, .ready, .eventLatencySeconds,
            .unconfiguredModelEvents: []
        }
    }

    public var help: String {
        switch self {
        case .eventsConsumed: "Messages consumed, per input topic."
        case .decodeErrors: "Messages that failed to decode (bad JSON, missing or mistyped field), per input topic."
        case .deadLetterMessages: "Messages sent to the dead-letter topic, per source topic."
        case .messagesPublished: "Output messages handed to the producer (or the replay file), per output topic."
        case .windowsClosed: "Windows closed, per model and stage."
        case .alertsPublished: "Alerts published, per model, alert type and severity."
        case .unconfiguredModelEvents: "Prediction events of model ids the configuration does not name (system logger only, no drift checks; each id logged once as pipeline.model.unconfigured)."
        case .alertsSuppressed: "Alerts the cooldown held back (same model and type within alerts.cooldown_seconds), never published."
        case .retrainTriggersPublished: "Retrain triggers published, per model and urgency."
        case .featurePSI: "Population stability index of a feature in the latest closed window."
        case .featureDriftSeverity: "Drift severity of a feature in the latest closed window: 0 none, 1 warning, 2 critical."
        case .predictionPSI: "Population stability index of a model output (prediction, score, label) in the latest window."
        case .driftShare: "Share of monitored features at warning or above in the latest window."
        case .consumerLag: "Messages between the group's committed offset and the partition's high watermark (as kafka-consumer-groups reports; open windows hold commits back)."
        case .labelJoinPending: "Predictions waiting for a delayed label."
        case .labelJoinDropped: "Predictions and labels that left the label join unjoined: reason prediction_evicted (labels.max_pending or labels.ttl), label_overflow (labels.max_early), label_expired (labels.ttl), label_replaced (a later label for the same event id)."
        case .assignedPartitions: "Partitions assigned to this worker."
        case .ready: "1 when this worker is ready (partitions assigned, brokers reachable), else 0."
        case .windowAnalysisSeconds: "Time to analyse a closed window, per stage."
        case .eventLatencySeconds: "Event time to analysis time (end-to-end latency), sampled."
        case .buildInfo: "Always 1; the labels say which driftwatch, Swift compiler and librdkafka this worker runs."
        }
    }
}
