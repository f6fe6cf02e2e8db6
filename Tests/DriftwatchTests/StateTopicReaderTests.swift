import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing

/// The model stage restores its state from a compacted topic before deciding anything: the
/// latest value per key wins and a tombstone removes the key (the mock does not compact, so
/// every version is on the partition).
@Suite(.timeLimit(.minutes(1))) struct StateTopicReaderTests {
    @Test func latestValuePerKeyAndTombstonesRemove() throws {
        let cluster = E2ECluster.shared
        let topic = E2ECluster.unique("state")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers),
            logger: E2ECluster.logger) { _ in }
        let writes: [(String, String?)] = [("fraud", "v1"), ("churn", "c1"), ("fraud", "v2"), ("churn", nil), ("loan", "l1")]
        for (key, value) in writes {
            try producer.send(KafkaProducerMessage(
                topic: topic, partition: 1, key: Array(key.utf8), value: value.map { Array($0.utf8) }))
        }
        try producer.close(timeout: .seconds(10))

        let state = try StateTopicReader.latest(
            brokers: cluster.bootstrapServers, topic: topic, partition: 1, logger: E2ECluster.logger)
        #expect(state.mapValues { String(decoding: $0, as: UTF8.self) } == ["fraud": "v2", "loan": "l1"])
        let empty = try StateTopicReader.latest(
            brokers: cluster.bootstrapServers, topic: topic, partition: 0, logger: E2ECluster.logger)
        #expect(empty.isEmpty)
    }
}
