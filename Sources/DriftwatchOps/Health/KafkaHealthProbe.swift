public import DriftwatchKafka
public import Logging
public import ServiceLifecycle
import Foundation

/// One partition whose consumer lag `/metrics` should show: the group's committed offset (the
/// next offset to read) against the partition's high watermark.
public struct KafkaLagInput: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var committedOffset: Int64

    public init(topic: String, partition: Int32, committedOffset: Int64) {
        self.topic = topic
        self.partition = partition
        self.committedOffset = committedOffset
    }
}

/// Asks the brokers, every few seconds, whether they answer (a metadata request on a small
/// client of its own) and sets `Readiness.brokersReachable`; when given the committed offsets,
/// it also reads high watermarks and sets `driftwatch_consumer_lag_messages`.
///
/// The worker's own consumer keeps retrying while brokers are down; this probe only reports it,
/// so `/readyz` turns unready while they are down and ready when they return (SPEC section 7).
///
/// A `Service`: `run()` probes every `interval` until graceful shutdown or cancellation.
public final class KafkaHealthProbe: Service, Sendable {
    private let admin: KafkaAdmin
    private let readiness: Readiness
    private let metrics: DriftwatchMetrics?
    private let timeout: Duration
    private let interval: Duration
    private let lagSource: (@Sendable () -> [KafkaLagInput])?
    private let logger: Logger

    /// - Parameters:
    ///   - properties: librdkafka properties of the probe's client (security settings as the worker's).
    ///   - timeout: how long a metadata request may take before the brokers count as unreachable.
    ///   - interval: the pause between two probes of `run()`.
    ///   - lagSource: the partitions this worker owns with their committed offsets, or nil for no lag.
    public static func make(
        bootstrapServers: String, properties: [String: String] = [:], readiness: Readiness,
        metrics: DriftwatchMetrics? = nil, timeout: Duration = .milliseconds(1_500), interval: Duration = .milliseconds(500),
        lagSource: (@Sendable () -> [KafkaLagInput])? = nil, logger: Logger
    ) throws -> KafkaHealthProbe {
        var all = properties
        // Notice returning brokers within a second or two, not librdkafka's default 10 s backoff.
        all["reconnect.backoff.ms"] = all["reconnect.backoff.ms"] ?? "100"
        all["reconnect.backoff.max.ms"] = all["reconnect.backoff.max.ms"] ?? "1000"
        let admin = try KafkaAdmin.make(bootstrapServers: bootstrapServers, properties: all, logger: logger)
        return KafkaHealthProbe(
            admin: admin, readiness: readiness, metrics: metrics, timeout: timeout, interval: interval,
            lagSource: lagSource, logger: logger)
    }

    private init(
        admin: KafkaAdmin, readiness: Readiness, metrics: DriftwatchMetrics?, timeout: Duration, interval: Duration,
        lagSource: (@Sendable () -> [KafkaLagInput])?, logger: Logger
    ) {
        self.admin = admin
        self.readiness = readiness
        self.metrics = metrics
        self.timeout = timeout
        self.interval = interval
        self.lagSource = lagSource
        self.logger = logger
    }

    /// One probe, blocking the calling thread up to `timeout` (plus one watermark request per
    /// owned partition). Returns whether the brokers answered.
    @discardableResult
    public func checkOnce(measureLag: Bool = true) -> Bool {
        let reachable: Bool
        do {
            _ = try admin.topicPartitionCounts(timeout: timeout)
            reachable = true
        } catch {
            reachable = false
            logger.debug("ops.probe.brokers_unreachable", metadata: ["error": "\(error)"])
        }
        readiness.brokersReachable(reachable)
        if reachable, measureLag, let metrics, let lagSource {
            for input in lagSource() {
                guard let marks = try? admin.watermarks(topic: input.topic, partition: input.partition, timeout: timeout)
                else { continue }
                // Nothing committed yet (negative logical offset): the whole retained log is behind.
                let from = input.committedOffset >= 0 ? input.committedOffset : marks.low
                metrics.consumerLag(topic: input.topic, partition: input.partition, messages: marks.high - from)
            }
        }
        return reachable
    }

    /// Probes every `interval` until graceful shutdown or cancellation. Each probe runs on a
    /// thread of its own, never blocking the cooperative pool. By default readiness is asked
    /// every 0.5 s with a 1.5 s timeout, so `/readyz` turns unready within about 2 s of losing
    /// the brokers; lag (one request per owned partition) is measured every tenth probe.
    public func run() async throws {
        var probes = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let measureLag = probes % 10 == 0
            probes += 1
            _ = await onOwnThread { self.checkOnce(measureLag: measureLag) }
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
    }
}

/// Runs a blocking `body` on a new thread and awaits its result.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
