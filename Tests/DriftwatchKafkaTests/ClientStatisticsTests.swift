import DriftwatchKafka
import Foundation
import Testing

extension KafkaTests {
/// librdkafka's statistics as the memory breakdown reads them (issue 11): queued bytes of the
/// consumer's fetch queues and of the producer's queue.
@Suite struct ClientStatistics {
    @Test func readsQueueKeysAndNothingThatOnlyEndsLikeThem() {
        // The shape of STATISTICS.md, cut down: top level, a broker (whose counters end like the
        // top-level keys), a topic with two partitions and the unassigned partition -1. Both
        // partitions' fetch queues forward to the consumer queue, so both report its total
        // (partition 1's stats were taken a moment later, after a poll took messages).
        let json = """
            {"name":"c#consumer-1","type":"consumer","replyq":3,"msg_cnt":7,"msg_size":700,"msg_size_max":1073741824,
             "brokers":{"b1":{"outbuf_cnt":1,"outbuf_msg_cnt":99,"toppars":{"t-0":{"topic":"t","partition":0}}}},
             "topics":{"t":{"topic":"t","partitions":{
               "0":{"partition":0,"msgq_cnt":5,"fetchq_cnt":10,"fetchq_size": 2048,"txmsgs":1},
               "1":{"partition":1,"msgq_cnt":0,"fetchq_cnt":4,"fetchq_size":512},
               "-1":{"partition":-1,"fetchq_cnt":0,"fetchq_size":0}}}}}
            """
        let bytes = Array(json.utf8)
        let stats = bytes.withUnsafeBufferPointer { KafkaClientStatistics(json: $0) }
        #expect(stats.fetchQueueBytes == 2_048)
        #expect(stats.fetchQueueMessages == 10)
        #expect(stats.producerQueueBytes == 700)
        #expect(stats.producerQueueMessages == 7)
        #expect(stats.replyQueue == 3)
        let empty = Array("{}".utf8).withUnsafeBufferPointer { KafkaClientStatistics(json: $0) }
        #expect(empty == KafkaClientStatistics())
    }

    @Test func producerReportsMessagesWaitingForDelivery() throws {
        let topic = TestCluster.unique("stats")
        try TestCluster.shared.createTopic(topic, partitions: 1)
        let collector = DeliveryCollector()
        // Held back by linger.ms, so they are still queued when the statistics come.
        let producer = try collector.producer {
            $0.properties["statistics.interval.ms"] = "100"
            $0.properties["linger.ms"] = "3000"
        }
        #expect(producer.statistics == nil || producer.statistics?.producerQueueMessages == 0)
        for i in 0..<1_000 {
            try producer.send(KafkaProducerMessage(topic: topic, value: Array(repeating: UInt8(i % 256), count: 100)))
        }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline && (producer.statistics?.producerQueueMessages ?? 0) < 1_000 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let stats = try #require(producer.statistics)
        #expect(stats.producerQueueMessages == 1_000)
        #expect(stats.producerQueueBytes >= 100_000)
        try producer.close(timeout: .seconds(10))
        #expect(collector.snapshot.count == 1_000)

        // The consumer's statistics arrive inside its polls (its main queue is the consumer queue).
        let consumer = try TestCluster.consumer(group: TestCluster.unique("stats")) {
            $0.properties["statistics.interval.ms"] = "100"
        }
        try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
        let messages = try pollUntil(consumer, seconds: 10) { $0.count >= 1_000 && consumer.statistics != nil }
        #expect(messages.count == 1_000)
        #expect(consumer.statistics != nil)
        try consumer.close()
    }
}
}
