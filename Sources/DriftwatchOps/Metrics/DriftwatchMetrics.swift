public import DriftwatchCore
public import Prometheus
import Synchronization

/// The one place driftwatch's Prometheus metrics are created and updated.
///
/// Each metric is created once per label set and kept (Hummingbird's `MetricsMiddleware`
/// pattern), so hot paths do one dictionary lookup under a lock and an atomic add. Pass the
/// registry explicitly: `main` creates one registry, hands it here and to the HTTP server, and
/// bootstraps swift-metrics with `PrometheusMetricsFactory(registry:)` once; tests make their own
/// registry and never bootstrap.
///
/// Cost: counters are atomics; histograms take a lock per observation, so record event latency
/// per batch (e.g. the batch's newest event), not per event.
public final class DriftwatchMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    private let counters = Mutex<[String: Counter]>([:])
    private let gauges = Mutex<[String: Gauge]>([:])
    private let valueHistograms = Mutex<[String: ValueHistogram]>([:])
    private let durationHistograms = Mutex<[String: DurationHistogram]>([:])

    /// Buckets of `driftwatch_window_analysis_seconds`.
    public static let windowAnalysisBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .microseconds(2_500_000), .seconds(5), .seconds(10),
    ]
    /// Buckets of `driftwatch_event_latency_seconds` (event time to analysis: up to an hour behind).
    public static let eventLatencyBuckets: [Double] = [
        0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
    ]

    public init(registry: PrometheusCollectorRegistry, buildInfo: BuildInfo = .current) {
        self.registry = registry
        gauge(.buildInfo, buildInfo.labelValues).set(to: 1)
        // Unlabelled metrics exist from the start, so a scrape before any traffic shows them;
        // labelled counters are created at 0 by `registerStartupSeries(config:)`.
        _ = counter(.alertsSuppressed, [])
        gauge(.ready, []).set(to: 0)
        gauge(.assignedPartitions, []).set(to: 0)
        gauge(.labelJoinPending, []).set(to: 0)
        for reason in ["prediction_evicted", "label_overflow", "label_expired", "label_replaced"] {
            _ = counter(.labelJoinDropped, [reason])
        }
        _ = valueHistogram(.eventLatencySeconds, [])
        _ = counter(.unconfiguredModelEvents, [])
    }

    // MARK: Input

    /// Messages consumed from `topic` (call once per batch with its size).
    public func eventsConsumed(topic: String, count: Int = 1) {
        counter(.eventsConsumed, [topic]).increment(by: Int64(count))
    }

    /// Messages from `topic` that failed to decode.
    public func decodeErrors(topic: String, count: Int = 1) {
        counter(.decodeErrors, [topic]).increment(by: Int64(count))
    }

    /// Messages from `sourceTopic` written to the dead-letter topic.
    public func deadLettered(sourceTopic: String, count: Int = 1) {
        counter(.deadLetterMessages, [sourceTopic]).increment(by: Int64(count))
    }

    /// Consumer lag of one partition (high watermark minus position), from librdkafka statistics or a watermark query.
    public func consumerLag(topic: String, partition: Int32, messages: Int64) {
        gauge(.consumerLag, [topic, String(partition)]).set(to: Double(max(0, messages)))
    }

    /// Partitions currently assigned to this worker.
    public func assignedPartitions(_ count: Int) {
        gauge(.assignedPartitions, []).set(to: Double(count))
    }

    /// Predictions waiting in the label join.
    public func labelJoinPending(_ count: Int) {
        gauge(.labelJoinPending, []).set(to: Double(count))
    }

    /// End-to-end latency of an event: now minus its event time, in seconds (sample per batch).
    public func eventLatency(seconds: Double) {
        guard seconds.isFinite else { return }
        valueHistogram(.eventLatencySeconds, []).record(max(0, seconds))
    }

    // MARK: Windows and drift

    /// A window of `modelID` closed in `stage` (`feature_profiler`, `prediction_monitor`, `system_logger`, `performance`).
    public func windowClosed(modelID: String, stage: String) {
        counter(.windowsClosed, [modelID, stage]).increment()
    }

    /// How long analysing one closed window took in `stage` (wall clock).
    public func windowAnalysis(stage: String, duration: Duration) {
        durationHistogram(.windowAnalysisSeconds, [stage]).record(duration)
    }

    /// Measures `body` as one window analysis of `stage`.
    public func measureWindowAnalysis<T>(stage: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { windowAnalysis(stage: stage, duration: clock.now - start) }
        return try body()
    }

    /// A feature's drift in the latest window of `modelID`: PSI (always reported) and severity by its method.
    public func featureDrift(modelID: String, feature: String, psi: Double, severity: Severity) {
        if psi.isFinite { gauge(.featurePSI, [modelID, feature]).set(to: psi) }
        gauge(.featureDriftSeverity, [modelID, feature]).set(to: Double(severity.level))
    }

    /// PSI of a model output (`prediction`, `score` or `label`) in the latest window.
    public func predictionDrift(modelID: String, output: String, psi: Double) {
        guard psi.isFinite else { return }
        gauge(.predictionPSI, [modelID, output]).set(to: psi)
    }

    /// Share of monitored features at warning or above in the latest window of `modelID` (0...1).
    public func driftShare(modelID: String, _ share: Double) {
        guard share.isFinite else { return }
        gauge(.driftShare, [modelID]).set(to: share)
    }

    // MARK: Output

    /// An output message to `topic` was handed to the producer (delivery is at least once).
    public func messagesPublished(topic: String, count: Int = 1) {
        counter(.messagesPublished, [topic]).increment(by: Int64(count))
    }

    /// An alert was published (`type` as in SPEC section 6, `severity` warning or critical).
    public func alertPublished(modelID: String, type: String, severity: String) {
        counter(.alertsPublished, [modelID, type, severity]).increment()
    }

    /// Predictions or labels that left the label join unjoined since the last call; `reason`:
    /// `prediction_evicted`, `label_overflow`, `label_expired` or `label_replaced`.
    public func labelJoinDropped(reason: String, count: Int) {
        guard count > 0 else { return }
        counter(.labelJoinDropped, [reason]).increment(by: Int64(count))
    }

    /// Alerts the cooldown held back since the last call.
    /// Prediction events of unconfigured model ids (`ProcessorCounters.unconfiguredModelEvents`).
    public func unconfiguredModelEvents(count: Int) {
        counter(.unconfiguredModelEvents, []).increment(by: Int64(count))
    }

    public func alertsSuppressed(count: Int) {
        counter(.alertsSuppressed, []).increment(by: Int64(count))
    }

    /// A retrain trigger was published (`urgency`: scheduled, immediate or rollback).
    public func retrainTriggerPublished(modelID: String, urgency: String) {
        counter(.retrainTriggersPublished, [modelID, urgency]).increment()
    }

    // MARK: Health

    /// Mirrors `/readyz` as a gauge (set by `Readiness`).
    public func ready(_ isReady: Bool) {
        gauge(.ready, []).set(to: isReady ? 1 : 0)
    }

    // MARK: Creation, once per label set

    private static func key(_ values: [String]) -> String {
        values.joined(separator: "\u{1F}")
    }

    private static func labels(_ name: DriftwatchMetricName, _ values: [String]) -> [(String, String)] {
        precondition(values.count == name.labelNames.count, "\(name.rawValue) takes labels \(name.labelNames)")
        return Array(zip(name.labelNames, values))
    }

    func counter(_ name: DriftwatchMetricName, _ values: [String]) -> Counter {
        let key = name.rawValue + "\u{1E}" + Self.key(values)
        return counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = registry.makeCounter(descriptor: name.descriptor, labels: Self.labels(name, values))
            cache[key] = made
            return made
        }
    }

    func gauge(_ name: DriftwatchMetricName, _ values: [String]) -> Gauge {
        let key = name.rawValue + "\u{1E}" + Self.key(values)
        return gauges.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = registry.makeGauge(descriptor: name.descriptor, labels: Self.labels(name, values))
            cache[key] = made
            return made
        }
    }

    private func valueHistogram(_ name: DriftwatchMetricName, _ values: [String]) -> ValueHistogram {
        let key = name.rawValue + "\u{1E}" + Self.key(values)
        return valueHistograms.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = registry.makeValueHistogram(
                descriptor: name.descriptor, labels: Self.labels(name, values), buckets: Self.eventLatencyBuckets)
            cache[key] = made
            return made
        }
    }

    private func durationHistogram(_ name: DriftwatchMetricName, _ values: [String]) -> DurationHistogram {
        let key = name.rawValue + "\u{1E}" + Self.key(values)
        return durationHistograms.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = registry.makeDurationHistogram(
                descriptor: name.descriptor, labels: Self.labels(name, values), buckets: Self.windowAnalysisBuckets)
            cache[key] = made
            return made
        }
    }
}

extension Severity {
    /// 0, 1, 2: the value of `driftwatch_feature_drift_severity`.
    var level: Int {
        switch self {
        case .none: 0
        case .warning: 1
        case .critical: 2
        }
    }
}
