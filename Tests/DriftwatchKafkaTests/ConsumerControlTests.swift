import DriftwatchKafka
import Foundation
import Testing

extension KafkaTests {
    @Suite struct ConsumerControl {
        private func filledTopic(_ prefix: String, count: Int) throws -> String {
            let topic = TestCluster.unique(prefix)
            try TestCluster.shared.createTopic(topic, partitions: 1)
            let producer = try DeliveryCollector().producer()
            for index in 0..<count {
                try producer.send(KafkaProducerMessage(topic: topic, key: nil, value: Array("m\(index)".utf8)))
            }
            try producer.close()
            return topic
        }

        /// `queuedMessages` sees what librdkafka fetched ahead (bounded by queued.min.messages plus
        /// one fetch), and `wakeFetchers` asks the leader without disturbing consumption.
        @Test func queuedMessagesAndWakeFetchers() throws {
            let topic = try filledTopic("wake", count: 300)
            let partition = KafkaTopicPartition(topic: topic, partition: 0)
            let consumer = try TestCluster.consumer(group: TestCluster.unique("wake")) {
                $0.properties["queued.min.messages"] = "100"
            }
            try consumer.assign([KafkaTopicPartitionOffset(partition, offset: KafkaOffset.beginning)])
            let deadline = ContinuousClock.now + .seconds(20)
            // The fetcher fills the queue to at least queued.min.messages before it stops.
            while consumer.queuedMessages < 100 && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            #expect(consumer.queuedMessages >= 100)
            var offsets: [Int64] = []
            while offsets.count < 300 && ContinuousClock.now < deadline {
                offsets += try consumer.poll(maxMessages: 50, timeout: .milliseconds(50)).map(\.offset)
                try consumer.wakeFetchers([partition])
            }
            #expect(offsets == Array(0..<300))
            try consumer.close()
        }

        @Test func asyncBatchesSeekPauseAndResume() async throws {
            let topic = try filledTopic("control", count: 50)
            let partition = KafkaTopicPartition(topic: topic, partition: 0)
            let consumer = try TestCluster.consumer(group: TestCluster.unique("control"))
            try consumer.assign([KafkaTopicPartitionOffset(partition, offset: KafkaOffset.beginning)])

            var offsets: [Int64] = []
            for try await batch in consumer.batches(maxMessages: 7) {
                #expect(batch.count <= 7)
                offsets += batch.map(\.offset)
                if offsets.count >= 50 { break }
            }
            #expect(offsets == Array(0..<50))

            // seek waits for the partition's fetcher (a broker thread) to apply it; on a 2-core
            // machine loaded by parallel builds that once took longer than the 10 s default.
            try consumer.seek([KafkaTopicPartitionOffset(partition, offset: 20)], timeout: .seconds(30))
            let again = try pollUntil(consumer) { $0.count >= 30 }
            #expect(again.first?.offset == 20)
            #expect(again.first?.keyString == nil, "a null key stays null")

            try consumer.seek([KafkaTopicPartitionOffset(partition, offset: 45)], timeout: .seconds(30))
            try consumer.pause([partition])
            let whilePaused = try pollUntil(consumer, seconds: 0.5) { _ in false }
            #expect(whilePaused.isEmpty)
            try consumer.resume([partition])
            let resumed = try pollUntil(consumer) { $0.count >= 5 }
            #expect(resumed.map(\.offset) == Array(45..<50))
            try consumer.close()
        }

        @Test func messagesStayReadableAfterTheConsumerIsGone() throws {
            let topic = try filledTopic("lifetime", count: 3)
            var kept: [KafkaMessage] = []
            do {
                let consumer = try TestCluster.consumer(group: TestCluster.unique("lifetime"))
                try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
                kept = try pollUntil(consumer) { $0.count >= 3 }
                try consumer.close()
            }
            // The consumer object is released; its messages still own librdkafka's buffers.
            #expect(kept.map(\.valueString) == ["m0", "m1", "m2"])
            #expect(kept[1].withUnsafeValue { Array($0) } == Array("m1".utf8))
            #expect(kept[2].value == Array("m2".utf8))
        }
    }
}
