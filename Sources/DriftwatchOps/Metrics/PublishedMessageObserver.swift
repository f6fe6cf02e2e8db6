public import Foundation

/// Turns each message the worker publishes (SPEC section 6) into metrics and report entries, so
/// the runtime needs one call per output message: `observe(topic:value:)`.
///
/// - `window_report` → `driftwatch_windows_closed_total{stage}`; the feature profiler's PSI and
///   severity per feature, drift share and the end-to-end latency of the window's newest event;
///   the prediction monitor's PSI per output; the report store.
/// - `performance_report` → windows closed (stage `performance`).
/// - `alert` / `retrain` → `driftwatch_alerts_published_total` / `driftwatch_retrain_triggers_published_total`
///   and the report store.
/// - every message → `driftwatch_messages_published_total{topic}`.
///
/// Messages reach the store in order through one stream; `finish()` waits until all have.
public final class PublishedMessageObserver: Sendable {
    private let metrics: DriftwatchMetrics?
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let drain: Task<Void, Never>
    private let now: @Sendable () -> Date

    public init(metrics: DriftwatchMetrics?, reportStore: ReportStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.metrics = metrics
        self.now = now
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        self.continuation = continuation
        drain = Task {
            for await value in stream { await reportStore.ingest(json: value) }
        }
    }

    /// Call from any thread, once per message handed to the producer (or written by replay).
    public func observe(topic: String, value: [UInt8]) {
        metrics?.messagesPublished(topic: topic)
        if let metrics { Self.updateMetrics(metrics, value: value, now: now()) }
        continuation.yield(value)
    }

    /// Ends the stream and waits until the store has every observed message.
    public func finish() async {
        continuation.finish()
        await drain.value
    }

    static func updateMetrics(_ metrics: DriftwatchMetrics, value: [UInt8], now: Date) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
            let kind = object["kind"] as? String, let model = object["model_id"] as? String
        else { return }
        switch kind {
        case "window_report":
            let stage = object["stage"] as? String ?? "unknown"
            metrics.windowClosed(modelID: model, stage: stage)
            if stage == "feature_profiler" {
                for (name, entry) in object["features"] as? [String: Any] ?? [:] {
                    guard let entry = entry as? [String: Any], let psi = ReportMessageParser.double(entry["psi"]) else { continue }
                    let severity = (entry["severity"] as? String).flatMap(DriftSeverity.init(rawValue:)) ?? .none
                    metrics.featureDrift(modelID: model, feature: name, psi: psi, severity: severity)
                }
                if let share = ReportMessageParser.double(object["drift_share"]) { metrics.driftShare(modelID: model, share) }
                if let end = (object["window"] as? [String: Any])?["end_time"] as? String, let time = parseRFC3339(end) {
                    metrics.eventLatency(seconds: now.timeIntervalSince(time))
                }
            } else if stage == "prediction_monitor" {
                for output in ["prediction", "score", "label"] {
                    if let psi = ReportMessageParser.double((object[output] as? [String: Any])?["psi"]) {
                        metrics.predictionDrift(modelID: model, output: output, psi: psi)
                    }
                }
            }
        case "performance_report":
            metrics.windowClosed(modelID: model, stage: "performance")
        case "alert":
            metrics.alertPublished(
                modelID: model, type: object["type"] as? String ?? "unknown", severity: object["severity"] as? String ?? "unknown")
        case "retrain":
            metrics.retrainTriggerPublished(modelID: model, urgency: object["urgency"] as? String ?? "unknown")
        default:
            break
        }
    }
}

/// RFC 3339 with or without fractional seconds.
func parseRFC3339(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
}
