public import DriftwatchCore
public import Foundation

/// Turns each message the worker publishes into metrics and report entries, from the values it
/// carries (`OutputPayload`), so the runtime needs one call per output message: `observe(_:)`.
///
/// - report (feature profiler) → `driftwatch_windows_closed_total{stage}`, PSI and severity per
///   feature, drift share, and the end-to-end latency of the window's newest event;
///   (prediction monitor) → PSI per output; (system logger) → windows closed; (performance) →
///   windows closed, stage `performance`; every report → the report store.
/// - alert / trigger → `driftwatch_alerts_published_total` / `driftwatch_retrain_triggers_published_total`
///   and the report store.
/// - dead letter → `driftwatch_decode_errors_total` and `driftwatch_dead_letter_messages_total`
///   under the topic it came from.
/// - every message → `driftwatch_messages_published_total{topic}`.
///
/// Payloads reach the store in order through one stream; `finish()` waits until all have.
public final class OutputObserver: Sendable {
    private let metrics: DriftwatchMetrics?
    private let continuation: AsyncStream<OutputPayload>.Continuation
    private let drain: Task<Void, Never>
    private let now: @Sendable () -> Date

    public init(metrics: DriftwatchMetrics?, reportStore: ReportStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.metrics = metrics
        self.now = now
        let (stream, continuation) = AsyncStream.makeStream(of: OutputPayload.self)
        self.continuation = continuation
        drain = Task {
            for await payload in stream { await reportStore.ingest(payload) }
        }
    }

    /// Call from any thread, once per message handed to the producer (or written by replay).
    public func observe(_ message: OutputMessage) {
        if let metrics {
            metrics.messagesPublished(topic: message.topic)
            Self.updateMetrics(metrics, payload: message.payload, now: now())
        }
        switch message.payload {
        case .report, .alert, .trigger: continuation.yield(message.payload)
        case .deadLetter, .summary, .state: break  // raw input and internal messages: nothing for the report
        }
    }

    /// Ends the stream and waits until the store has every observed message.
    public func finish() async {
        continuation.finish()
        await drain.value
    }

    static func updateMetrics(_ metrics: DriftwatchMetrics, payload: OutputPayload, now: Date) {
        switch payload {
        case .report(let report):
            let model = report.modelID
            metrics.windowClosed(modelID: model, stage: report.stage.rawValue)
            let body = report.body
            switch report.stage {
            case .model:
                // The drift gauges show the model view (all partitions merged), not one partition.
                for (name, entry) in (body["features"]?.objectValue ?? JSONObject()).members {
                    guard let entry = entry.objectValue, let psi = entry["psi"].number else { continue }
                    let severity = entry["severity"]?.stringValue.flatMap(Severity.init(rawValue:)) ?? .none
                    metrics.featureDrift(modelID: model, feature: name, psi: psi, severity: severity)
                }
                if let share = body["drift_share"].number { metrics.driftShare(modelID: model, share) }
                for output in ["prediction", "score", "label"] {
                    if let psi = (body[output]?.objectValue?["psi"]).number {
                        metrics.predictionDrift(modelID: model, output: output, psi: psi)
                    }
                }
            case .featureProfiler:
                metrics.eventLatency(seconds: now.timeIntervalSince1970 - report.window.endTimeMs / 1_000)
            case .predictionMonitor, .systemLogger, .performance:
                break
            }
        case .alert(let alert):
            metrics.alertPublished(modelID: alert.modelID, type: alert.type.rawValue, severity: alert.severity.rawValue)
        case .trigger(let trigger):
            metrics.retrainTriggerPublished(modelID: trigger.modelID, urgency: trigger.urgency.rawValue)
        case .deadLetter(let letter):
            metrics.decodeErrors(topic: letter.sourceTopic)
            metrics.deadLettered(sourceTopic: letter.sourceTopic)
        case .summary, .state:
            break
        }
    }
}
