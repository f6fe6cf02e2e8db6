import DriftwatchKafka
import Foundation
import Logging
import Synchronization
import Testing

/// Keeps every record logged through it.
private struct CapturingLogHandler: LogHandler {
    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    final class Records: Sendable {
        let entries = Mutex<[(level: Logger.Level, message: String, source: String)]>([])
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.entries.withLock { $0.append((event.level, "\(event.message)", event.source)) }
    }
}

extension KafkaTests {
    @Suite struct LoggingAndAdmin {
        @Test func librdkafkaLogsReachSwiftLogWithTheirFacilityAsSource() throws {
            let records = CapturingLogHandler.Records()
            let logger = Logger(label: "capture") { _ in CapturingLogHandler(records: records) }
            var configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "nobody")
            configuration.properties["reconnect.backoff.ms"] = "10"
            let consumer = try KafkaConsumer.make(configuration: configuration, logger: logger)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && !records.entries.withLock({ $0.contains { $0.source == "FAIL" } }) {
                _ = try? consumer.poll(timeout: .milliseconds(100))
            }
            try consumer.close()
            let entries = records.entries.withLock { $0 }
            // Connection refused: librdkafka's own log line, facility "FAIL" as the source.
            #expect(entries.contains {
                $0.source == "FAIL" && $0.level == .warning && $0.message.contains("Connection refused")
            })
            // And its error callback, as one constant message with metadata.
            #expect(entries.contains { $0.message == "kafka.error" && $0.source == "DriftwatchKafka" })
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
