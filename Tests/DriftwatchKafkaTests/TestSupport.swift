import DriftwatchKafka
import DriftwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// One mock cluster shared by every Kafka test (3 brokers over loopback TCP).
enum TestCluster {
    static let fixture = MockClusterFixture(label: "driftwatch.kafka.tests", brokers: 3, logLevel: .warning)
    static var logger: Logger { fixture.logger }
    static var shared: MockCluster { fixture.cluster }
    static func unique(_ prefix: String) -> String { fixture.unique(prefix) }

    static func consumer(group: String, configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: shared.bootstrapServers, groupID: group)
        configuration.properties["fetch.wait.max.ms"] = "20"
        configuration.properties["session.timeout.ms"] = "6000"
        configuration.properties["heartbeat.interval.ms"] = "200"
        configure(&configuration)
        return try KafkaConsumer.make(configuration: configuration, logger: logger)
    }
}

/// Collects delivery reports from a producer's service thread.
final class DeliveryCollector: Sendable {
    let reports = Mutex<[KafkaDeliveryReport]>([])

    func record(_ report: KafkaDeliveryReport) {
        reports.withLock { $0.append(report) }
    }

    var snapshot: [KafkaDeliveryReport] { reports.withLock { $0 } }

    /// A producer whose reports land here.
    func producer(configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: TestCluster.shared.bootstrapServers)
        configure(&configuration)
        return try KafkaProducer.make(configuration: configuration, logger: TestCluster.logger) { [self] report in
            record(report)
        }
    }
}

/// Polls `consumer` until `done` says so or `deadline` passes; returns every message seen.
func pollUntil(
    _ consumer: KafkaConsumer, seconds: Double = 20, maxMessages: Int = 1_000,
    _ done: ([KafkaMessage]) -> Bool
) throws -> [KafkaMessage] {
    let deadline = Date().addingTimeInterval(seconds)
    var all: [KafkaMessage] = []
    while Date() < deadline && !done(all) {
        all += try consumer.poll(maxMessages: maxMessages, timeout: .milliseconds(50))
    }
    return all
}

/// Every Kafka test, one at a time: they share one mock cluster and one test takes a broker down.
@Suite(.serialized, .timeLimit(.minutes(1)))
enum KafkaTests {}
