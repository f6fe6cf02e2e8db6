public import DriftwatchCore
public import Logging

/// One log line per output event of note (SPEC section 9), from the messages the worker
/// publishes, as `OutputObserver` books them into metrics: hand `observe(_:)` every output
/// message (`Worker.Options.onOutput`).
///
/// | message | level | when |
/// |---|---|---|
/// | `window.closed` (`window.scope` partition) | info | a partition window closed: its summary went to the model stage |
/// | `window.closed` (`window.scope` model) | info | a model window closed: its report was published (reports topic on) |
/// | `alert.published` | notice | an alert was handed to the producer |
/// | `retrain_trigger.published` | notice | a retrain trigger was handed to the producer |
/// | `dead_letter.published` | warning | an input message could not be decoded and went to the dead-letter topic |
///
/// Per-stage partition reports and state records are not logged: the window line covers them.
/// Messages are constant; what varies is in dot-notation metadata keys (`LogKeys`).
public struct OutputEventLog: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func observe(_ message: OutputMessage) {
        switch message.payload {
        case .summary(let summary):
            logger.info("window.closed", metadata: [
                LogKeys.windowScope: "partition", LogKeys.modelID: "\(summary.modelID)",
                LogKeys.topic: "\(summary.topic)", LogKeys.partition: "\(summary.partition)",
                LogKeys.windowIndex: "\(summary.index)", LogKeys.startOffset: "\(summary.startOffset)",
                LogKeys.endOffset: "\(summary.endOffset)", LogKeys.events: "\(summary.events)",
                LogKeys.partial: "\(summary.partial)",
            ])
        case .report(let report) where report.stage == .model:
            var metadata: Logger.Metadata = [
                LogKeys.windowScope: "model", LogKeys.modelID: "\(report.modelID)",
                LogKeys.topic: "\(report.window.topic)", LogKeys.windowIndex: "\(report.window.index)",
                LogKeys.events: "\(report.window.events)", LogKeys.partial: "\(report.window.partial)",
                LogKeys.partitions: "\((report.window.partitions ?? []).map { String($0.partition) }.joined(separator: ","))",
            ]
            if let share = report.body["drift_share"]?.doubleValue { metadata[LogKeys.driftShare] = "\(share)" }
            if let drift = report.body["dataset_drift"]?.boolValue { metadata[LogKeys.datasetDrift] = "\(drift)" }
            logger.info("window.closed", metadata: metadata)
        case .report:
            break  // per-stage reports of a partition window: its summary line says it closed
        case .alert(let alert):
            logger.notice("alert.published", metadata: [
                LogKeys.alertID: "\(alert.alertID)", LogKeys.modelID: "\(alert.modelID)",
                LogKeys.alertType: "\(alert.type.rawValue)", LogKeys.severity: "\(alert.severity.rawValue)",
                LogKeys.window: "\(alert.window.idComponent)", LogKeys.summary: "\(alert.summary)",
                LogKeys.outputTopic: "\(message.topic)",
            ])
        case .trigger(let trigger):
            logger.notice("retrain_trigger.published", metadata: [
                LogKeys.triggerID: "\(trigger.triggerID)", LogKeys.modelID: "\(trigger.modelID)",
                LogKeys.urgency: "\(trigger.urgency.rawValue)", LogKeys.window: "\(trigger.window.idComponent)",
                LogKeys.reasons: .array(trigger.reasons.map { .string($0) }), LogKeys.outputTopic: "\(message.topic)",
            ])
        case .deadLetter(let letter):
            logger.warning("dead_letter.published", metadata: [
                LogKeys.topic: "\(letter.sourceTopic)", LogKeys.partition: "\(letter.sourcePartition)",
                LogKeys.offset: "\(letter.sourceOffset)", LogKeys.reason: "\(letter.reason)",
                LogKeys.outputTopic: "\(message.topic)",
            ])
        case .state:
            break  // the model stage's bookkeeping, after the window's outputs were acknowledged
        }
    }
}

/// Metadata keys of driftwatch's log lines, in one place (dot notation, as the Kafka layer's
/// `kafka.group.id`), so a log query can rely on them.
public enum LogKeys {
    public static let modelID = "model.id"
    public static let topic = "kafka.topic"
    public static let partition = "kafka.partition"
    public static let offset = "kafka.offset"
    public static let outputTopic = "output.topic"
    public static let windowScope = "window.scope"
    public static let windowIndex = "window.index"
    public static let window = "window"
    public static let startOffset = "window.start_offset"
    public static let endOffset = "window.end_offset"
    public static let events = "window.events"
    public static let partial = "window.partial"
    public static let partitions = "window.partitions"
    public static let driftShare = "drift.share"
    public static let datasetDrift = "drift.dataset"
    public static let alertID = "alert.id"
    public static let alertType = "alert.type"
    public static let severity = "alert.severity"
    public static let summary = "alert.summary"
    public static let triggerID = "trigger.id"
    public static let urgency = "trigger.urgency"
    public static let reasons = "trigger.reasons"
    public static let reason = "dead_letter.reason"
}
