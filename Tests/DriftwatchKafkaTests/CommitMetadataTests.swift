import DriftwatchKafka
import Foundation
import Testing

extension KafkaTests {
    /// The worker stores each partition's window state in the offset commit's metadata; this
    /// checks the mock cluster keeps it and `committed` returns it to the next member.
    @Suite struct CommitMetadata {
        @Test func metadataTravelsWithTheCommittedOffset() throws {
            let topic = TestCluster.unique("metadata")
            try TestCluster.shared.createTopic(topic, partitions: 2)
            let group = TestCluster.unique("metadata")
            let state = #"{"v":1,"m":{"fraud-detector":[3,20000],"näive \"model\"":[0,7]}}"#
            let first = try TestCluster.consumer(group: group)
            let p0 = KafkaTopicPartition(topic: topic, partition: 0)
            let p1 = KafkaTopicPartition(topic: topic, partition: 1)
            try first.assign([KafkaTopicPartitionOffset(p0, offset: KafkaOffset.beginning),
                              KafkaTopicPartitionOffset(p1, offset: KafkaOffset.beginning)])
            try first.commitSync([KafkaTopicPartitionOffset(p0, offset: 42, metadata: state),
                                  KafkaTopicPartitionOffset(p1, offset: 7)])
            try first.close()

            let second = try TestCluster.consumer(group: group)
            let committed = try second.committed([p0, p1])
            let byPartition = Dictionary(uniqueKeysWithValues: committed.map { ($0.partition, $0) })
            #expect(byPartition[0]?.offset == 42)
            #expect(byPartition[0]?.metadata == state)
            #expect(byPartition[1]?.offset == 7)
            #expect((byPartition[1]?.metadata ?? "") == "", "no metadata committed, none returned")
            try second.close()
        }
    }
}
