import DriftwatchKafka
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct KafkaRoundTripTests {
    @Test func hundredThousandMessagesArriveOnceInOrderWithKeysHeadersTimestamps() throws {
        let topic = TestCluster.unique("roundtrip")
        try TestCluster.shared.createTopic(topic, partitions: 4)
        let collector = DeliveryCollector()
        let producer = try collector.producer()
        let count = 100_000
        let baseTimestamp: Int64 = 1_767_225_600_000
        for index in 0..<count {
            try producer.send(KafkaProducerMessage(
                topic: topic, partition: Int32(index % 4), key: Array("k-\(index)".utf8),
                value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(key: "index", string: "\(index)"), KafkaHeader(key: "empty", value: nil)],
                timestamp: baseTimestamp + Int64(index)
            ), token: UInt64(index))
        }
        try producer.close(timeout: .seconds(30))
        let reports = collector.snapshot
        #expect(reports.count == count)
        #expect(reports.allSatisfy { $0.isDelivered })
        #expect(Set(reports.map(\.token)).count == count)

        let consumer = try TestCluster.consumer(group: TestCluster.unique("roundtrip"))
        try consumer.assign((0..<4).map { KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        let messages = try pollUntil(consumer, seconds: 40) { $0.count >= count }
        try consumer.close()

        #expect(messages.count == count)
        var seen = Set<Int>()
        var nextOffset: [Int32: Int64] = [:]
        var lastIndex: [Int32: Int] = [:]
        for message in messages {
            let index = try #require(Int(message.valueString?.dropFirst("value-".count) ?? ""))
            #expect(seen.insert(index).inserted, "message \(index) arrived twice")
            #expect(message.partition == Int32(index % 4))
            #expect(message.offset == nextOffset[message.partition, default: 0])
            nextOffset[message.partition] = message.offset + 1
            #expect(index > lastIndex[message.partition, default: -1])
            lastIndex[message.partition] = index
            #expect(message.keyString == "k-\(index)")
            #expect(message.header("index")?.value == Array("\(index)".utf8))
            #expect(message.header("empty") == KafkaHeader(key: "empty", value: nil))
            #expect(message.timestamp == baseTimestamp + Int64(index))
        }
        #expect(seen.count == count)
    }

    @Test func commitCloseReopenResumesRightAfterTheCommittedOffset() throws {
        let topic = TestCluster.unique("resume")
        let group = TestCluster.unique("resume")
        try TestCluster.shared.createTopic(topic, partitions: 1)
        let collector = DeliveryCollector()
        let producer = try collector.producer()
        for index in 0..<100 {
            try producer.send(KafkaProducerMessage(topic: topic, value: Array("m\(index)".utf8)))
        }
        try producer.close()

        let first = try TestCluster.consumer(group: group)
        try first.subscribe(topics: [topic])
        let read = try pollUntil(first, maxMessages: 10) { $0.count >= 40 }
        #expect(read.count >= 40)
        #expect(read.map(\.offset) == Array(0..<Int64(read.count)))
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        try first.commitSync([KafkaTopicPartitionOffset(partition, offset: 38)])
        #expect(try first.committed([partition]).first?.offset == 38)
        try first.close()
        #expect(throws: KafkaError.self) { _ = try first.poll() }

        let second = try TestCluster.consumer(group: group)
        try second.subscribe(topics: [topic])
        let rest = try pollUntil(second) { $0.count >= 62 }
        #expect(rest.first?.offset == 38)
        #expect(rest.map(\.offset) == Array(38..<100))
        #expect(rest.first?.valueString == "m38")
        #expect(try second.watermarks(topic: topic, partition: 0) == KafkaWatermarks(low: 0, high: 100))
        try second.close()
    }
}
