import DriftwatchKafka
import Foundation
import Synchronization
import Testing

extension KafkaTests {
    @Suite struct Failures {
        @Test func messagesProducedWhileTheLeaderIsDownAreAllDeliveredOnce() throws {
            let topic = TestCluster.unique("brokerdown")
            let cluster = TestCluster.shared
            try cluster.createTopic(topic, partitions: 1)
            try cluster.setPartitionLeader(topic: topic, partition: 0, broker: 3)
            let collector = DeliveryCollector()
            let producer = try collector.producer { $0.messageTimeout = .seconds(40) }
            var sent = 0
            func send(_ count: Int) throws {
                for _ in 0..<count {
                    try producer.send(KafkaProducerMessage(topic: topic, value: Array("v\(sent)".utf8)), token: UInt64(sent))
                    sent += 1
                }
            }
            try send(100)
            try producer.flush(timeout: .seconds(10))
            #expect(collector.snapshot.count == 100)

            try cluster.setBrokerDown(3)
            try send(500)
            Thread.sleep(forTimeInterval: 1.5)
            #expect(collector.snapshot.count == 100, "nothing is acknowledged while the leader is down")
            try cluster.setBrokerUp(3)
            // Retriable produce errors on top: the idempotent producer retries without duplicates.
            cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
            try send(200)
            try producer.close(timeout: .seconds(40))

            let reports = collector.snapshot
            #expect(reports.count == sent, "each delivery report arrives exactly once")
            #expect(Set(reports.map(\.token)) == Set((0..<sent).map(UInt64.init)))
            #expect(reports.allSatisfy { $0.isDelivered })
            #expect(Set(reports.map(\.offset)) == Set(0..<Int64(sent)))

            let consumer = try TestCluster.consumer(group: TestCluster.unique("brokerdown"))
            try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
            let messages = try pollUntil(consumer) { $0.count >= sent }
            #expect(messages.map(\.valueString) == (0..<sent).map { "v\($0)" }, "once each, in order")
            try consumer.close()
        }

        @Test func badConfigurationIsASwiftError() throws {
            let servers = TestCluster.shared.bootstrapServers
            var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "g")
            consumerConfiguration.properties["no.such.property"] = "1"
            let error = try #require(throws: KafkaError.self) {
                _ = try KafkaConsumer.make(configuration: consumerConfiguration, logger: TestCluster.logger)
            }
            #expect(error.code == .config)
            #expect(error.reason.contains("no.such.property"))

            var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: servers)
            producerConfiguration.acks = "banana"
            let valueError = try #require(throws: KafkaError.self) {
                _ = try KafkaProducer.make(configuration: producerConfiguration, logger: TestCluster.logger) { _ in }
            }
            #expect(valueError.code == .config)
            #expect(valueError.reason.contains("acks"))
        }

        @Test func unknownTopicWithAutoCreateOffIsASwiftError() throws {
            // The broker answers as one with auto.create.topics.enable=false does.
            let missing = TestCluster.unique("missing")
            TestCluster.shared.setTopicError(missing, .unknownTopicOrPartition)

            let consumer = try TestCluster.consumer(group: TestCluster.unique("missing"))
            try consumer.subscribe(topics: [missing])
            var thrown: KafkaError?
            let deadline = Date().addingTimeInterval(15)
            while thrown == nil && Date() < deadline {
                do {
                    _ = try consumer.poll(timeout: .milliseconds(100))
                } catch let error as KafkaError {
                    thrown = error
                }
            }
            #expect(thrown?.code == .unknownTopic)
            #expect(thrown?.reason.contains(missing) == true)
            try consumer.close()

            let collector = DeliveryCollector()
            let producer = try collector.producer { $0.properties["topic.metadata.propagation.max.ms"] = "500" }
            try producer.send(KafkaProducerMessage(topic: missing, value: [1, 2, 3]), token: 7)
            try producer.close(timeout: .seconds(20))
            let report = try #require(collector.snapshot.first)
            #expect(collector.snapshot.count == 1)
            #expect(report.token == 7)
            #expect(report.error?.code == .unknownTopic)

            let admin = try KafkaAdmin.make(bootstrapServers: TestCluster.shared.bootstrapServers, logger: TestCluster.logger)
            let adminError = try #require(throws: KafkaError.self) { _ = try admin.partitionCount(topic: missing) }
            #expect(adminError.code == .unknownTopic)
            #expect(adminError.reason.contains(missing))
        }
    }
}
