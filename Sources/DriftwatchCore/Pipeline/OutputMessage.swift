/// Identifies the group of output messages whose acknowledgement releases input offsets:
/// the outputs of one closed window, or one dead-letter message. `processor` names the
/// partition processor that owns the group.
public struct AckToken: Hashable, Sendable {
    public var processor: Int32
    public var group: Int64

    public init(processor: Int32, group: Int64) {
        self.processor = processor
        self.group = group
    }
}

/// One message to publish (SPEC section 6): alerts, retrain triggers, window reports and
/// dead letters all travel through an `OutputSink` as these. `value` is what goes on the wire;
/// `payload` is the Core value it was encoded from, so observers (metrics, `/report`) read
/// values instead of parsing the bytes back.
public struct OutputMessage: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [(name: String, value: [UInt8])]
    public var token: AckToken
    public var payload: OutputPayload

    public init(
        topic: String, key: [UInt8]?, value: [UInt8], headers: [(name: String, value: [UInt8])] = [],
        token: AckToken, payload: OutputPayload
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.token = token
        self.payload = payload
    }
}

/// What an output message is. Observers switch over it exhaustively: a new kind of output
/// (one case here) makes the compiler point at every place that must learn about it.
public enum OutputPayload: Sendable {
    /// A stage's report on one closed window (topic `model-window-reports`).
    case report(WindowReport)
    /// An alert (topic `model-alerts`).
    case alert(Alert)
    /// A retrain trigger (topic `model-retrain`).
    case trigger(RetrainTrigger)
    /// An input message that could not be decoded, republished as is (topic `driftwatch-dead-letter`).
    case deadLetter(DeadLetter)
    /// A closed partition window's mergeable summary for the model stage (internal topic
    /// `driftwatch-window-summaries`, key = model id).
    case summary(WindowSummary)
    /// The model stage's state after a model window (compacted topic `driftwatch-state`).
    case state(ModelState)

    /// Internal messages between the two stages (summaries, state): replay leaves them out of
    /// its output unless asked.
    public var isInternal: Bool {
        switch self {
        case .summary, .state: true
        case .report, .alert, .trigger, .deadLetter: false
        }
    }
}

/// A stage's report on one closed window: `body` is the SPEC section 6 object as published.
public struct WindowReport: Sendable {
    /// Which stage wrote it; `performance` is the prediction monitor's `performance_report`.
    public enum Stage: String, Sendable, CaseIterable {
        case featureProfiler = "feature_profiler"
        case predictionMonitor = "prediction_monitor"
        case systemLogger = "system_logger"
        case performance
        /// The model stage's report on a model window (merged over partitions).
        case model
    }

    public var stage: Stage
    public var modelID: String
    public var modelVersion: String?
    public var window: WindowInfo
    public var body: JSONObject

    public init(stage: Stage, modelID: String, modelVersion: String?, window: WindowInfo, body: JSONObject) {
        self.stage = stage
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.window = window
        self.body = body
    }
}

/// Where a dead letter came from (also in its headers) and why it was rejected.
public struct DeadLetter: Sendable, Equatable {
    public var reason: String
    public var source: InputSource
    public var sourceTopic: String
    public var sourcePartition: Int32
    public var sourceOffset: Int64

    public init(reason: String, source: InputSource, sourceTopic: String, sourcePartition: Int32, sourceOffset: Int64) {
        self.reason = reason
        self.source = source
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
    }
}

/// The two input topics a partition processor reads: predictions, and (optionally) delayed labels.
/// The raw value indexes per-source state (offset ledger holds).
public enum InputSource: Int, Sendable, CaseIterable {
    case predictions = 0
    case labels = 1
}
