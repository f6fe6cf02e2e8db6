import DriftwatchKafka
import DriftwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Keeps every record logged through it.
private struct CapturingLogHandler: LogHandler {
    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    final class Records: Sendable {
        let entries = Mutex<[(level: Logger.Level, message: String, source: String, metadata: String)]>([])
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let text = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
        records.entries.withLock { $0.append((event.level, "\(event.message)", event.source, text)) }
    }
}

extension KafkaTests {
    @Suite struct LoggingAndAdmin {
        /// Issue 13: a broker that refuses connections is one warning in our words (not two raw
        /// librdkafka lines per attempt from each client), and its return one notice.
        @Test func anUnreachableBrokerIsSaidOnceAndItsRecoveryOnce() throws {
            let port = try LoopbackPort.closed()
            let broker = "127.0.0.1:\(port)"
            let records = CapturingLogHandler.Records()
            let logger = Logger(label: "capture") { _ in CapturingLogHandler(records: records) }
            // Fast reconnects: dozens of failed attempts in the seconds the test watches.
            let fast = ["reconnect.backoff.ms": "10", "reconnect.backoff.max.ms": "50"]
            var configuration = KafkaConsumerConfiguration(bootstrapServers: broker, groupID: "nobody")
            configuration.properties = fast
            let consumer = try KafkaConsumer.make(configuration: configuration, logger: logger)
            var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: broker)
            producerConfiguration.properties = fast
            let producer = try KafkaProducer.make(configuration: producerConfiguration, logger: logger) { _ in }
            let watchUntil = Date().addingTimeInterval(4)
            while Date() < watchUntil { _ = try? consumer.poll(timeout: .milliseconds(100)) }

            func about() -> [(level: Logger.Level, message: String, source: String, metadata: String)] {
                records.entries.withLock { $0 }.filter { ($0.message + " " + $0.metadata).contains(broker) && $0.level >= .info }
            }
            let down = about()
            #expect(down.count == 1, "lines about \(broker) in 4 s: \(down.map(\.message))")
            #expect(down.first?.message == "broker \(broker) unreachable (connection refused); retrying")
            #expect(down.first?.level == .warning)
            #expect(!records.entries.withLock { $0 }.contains { $0.source == "FAIL" }, "raw librdkafka FAIL lines are not logged")

            // The broker's port accepts connections again: one notice says so.
            let listener = try LoopbackPort.listen(port)
            defer { close(listener) }
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline && !about().contains(where: { $0.message.hasPrefix("broker \(broker) reachable again after") }) {
                _ = try? consumer.poll(timeout: .milliseconds(100))
            }
            let all = about()
            #expect(all.count == 2, "\(all.map(\.message))")
            #expect(all.last?.level == .notice)
            #expect(all.last?.message.hasPrefix("broker \(broker) reachable again after ") == true, "\(all.map(\.message))")
            try producer.close(timeout: .seconds(1))
            try consumer.close()
        }

        @Test func createTopicsOnTheMockIsASwiftErrorAndPartitionCountsWork() throws {
            let admin = try KafkaAdmin.make(bootstrapServers: TestCluster.shared.bootstrapServers, logger: TestCluster.logger)
            // librdkafka 2.0.2's mock has no CreateTopics API: a clean error, not a crash.
            #expect(throws: KafkaError.self) {
                try admin.createTopic(TestCluster.unique("admin"), partitions: 2, timeout: .seconds(2))
            }
            let topic = TestCluster.unique("admin")
            try TestCluster.shared.createTopic(topic, partitions: 6)
            #expect(try admin.partitionCount(topic: topic) == 6)
        }
    }
}
