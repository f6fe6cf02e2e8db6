import DriftwatchKafka
import DriftwatchOps
import Foundation
import Logging
import Prometheus
import Testing

/// `/readyz` driven as the runtime drives it, against librdkafka's mock cluster.
@Suite("Readiness against the mock cluster", .timeLimit(.minutes(2)))
struct ReadinessProbeTests {
    static let logger: Logger = {
        var logger = Logger(label: "driftwatch.ops.tests")
        logger.logLevel = .critical  // the probe's client logs every refused connection while brokers are down
        return logger
    }()

    /// Repeats `probe.checkOnce()` until it returns `expected` (brokers need a moment to go or come back).
    static func probeUntil(_ probe: KafkaHealthProbe, _ expected: Bool, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if probe.checkOnce() == expected { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    @Test("/readyz turns unready when the brokers go down and ready when they return")
    func readinessTracksBrokers() async throws {
        let cluster = try MockCluster.start(brokers: 1, logger: Self.logger)
        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        let readiness = Readiness(metrics: metrics)
        let probe = try KafkaHealthProbe.make(
            bootstrapServers: cluster.bootstrapServers, readiness: readiness, metrics: metrics,
            timeout: .seconds(1), logger: Self.logger)

        try await withOpsServer(registry: registry, readiness: readiness, reportStore: ReportStore()) { port in
            #expect(await onThread { Self.probeUntil(probe, true) })
            readiness.started()
            readiness.partitionsAssigned(2)
            #expect(try await httpGet(port: port, path: "/readyz").status == 200)

            try cluster.setBrokerDown(1)
            #expect(await onThread { Self.probeUntil(probe, false) }, "the probe notices the brokers are down")
            let down = try await httpGet(port: port, path: "/readyz")
            #expect(down.status == 503)
            #expect(down.body.contains("brokers unreachable"))
            #expect(sampleValue(try await httpGet(port: port, path: "/metrics").body, "driftwatch_ready") == 0)

            try cluster.setBrokerUp(1)
            #expect(await onThread { Self.probeUntil(probe, true) }, "the probe notices the brokers are back")
            #expect(try await httpGet(port: port, path: "/readyz").status == 200)
            #expect(sampleValue(try await httpGet(port: port, path: "/metrics").body, "driftwatch_ready") == 1)
        }
    }

    @Test("with its defaults the running probe turns /readyz unready within about 2 s of losing the brokers")
    func unreadyWithinTwoSeconds() async throws {
        let cluster = try MockCluster.start(brokers: 1, logger: Self.logger)
        let readiness = Readiness(metrics: DriftwatchMetrics(registry: PrometheusCollectorRegistry()))
        let probe = try KafkaHealthProbe.make(bootstrapServers: cluster.bootstrapServers, readiness: readiness, logger: Self.logger)
        readiness.started()
        readiness.partitionsAssigned(1)
        let running = Task { try await probe.run() }
        defer { running.cancel() }
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(20)
        while !readiness.isReady && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(readiness.isReady)
        try cluster.setBrokerDown(1)
        let lost = clock.now
        deadline = lost + .seconds(10)
        while readiness.isReady && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let took = clock.now - lost
        #expect(!readiness.isReady)
        // 0.5 s between probes + a 1.5 s timeout; a little slack for a loaded machine.
        #expect(took < .milliseconds(3_000), "unready after \(took)")
    }

    @Test("the probe reports consumer lag as high watermark minus committed offset")
    func consumerLag() async throws {
        let cluster = try MockCluster.start(brokers: 1, logger: Self.logger)
        let topic = "lag-\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.createTopic(topic, partitions: 1)
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.linger = .milliseconds(20)
        let producer = try KafkaProducer.make(configuration: configuration, logger: Self.logger) { _ in }
        for index in 0..<100 {
            try producer.send(KafkaProducerMessage(topic: topic, partition: 0, value: Array("m\(index)".utf8)))
        }
        try producer.close(timeout: .seconds(20))

        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        let probe = try KafkaHealthProbe.make(
            bootstrapServers: cluster.bootstrapServers, readiness: Readiness(metrics: metrics), metrics: metrics,
            timeout: .seconds(5), lagSource: { [KafkaLagInput(topic: topic, partition: 0, committedOffset: 40)] },
            logger: Self.logger)
        #expect(await onThread { Self.probeUntil(probe, true) })
        let text = registry.emitToString()
        #expect(sampleValue(text, "driftwatch_consumer_lag_messages{topic=\"\(topic)\",partition=\"0\"}") == 60)
    }
}

/// Blocking test steps run on a thread of their own, off the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
