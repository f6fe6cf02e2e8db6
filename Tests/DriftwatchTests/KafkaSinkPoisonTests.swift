import DriftwatchCore
import DriftwatchKafka
import DriftwatchSynthetic
@testable import DriftwatchRuntime
import Foundation
import Testing

/// `KafkaSink` with an output refused for good before it leaves the producer (larger than the
/// producer's `message.max.bytes`): it is parked, not thrown, and republished to the dead-letter
/// topic without its value (the same bytes would be refused again) under the same ack token.
@Suite(.timeLimit(.minutes(1))) struct KafkaSinkPoisonTests {
    /// Which delivery errors are dead-lettered: the message itself or the topic's permissions
    /// are at fault; timeouts and leader moves were already retried by librdkafka and are not.
    @Test func permanentErrorsAreTheMessagesOwn() {
        func error(_ code: Int32) -> KafkaError { KafkaError(code: .rdKafka, reason: "-", rdKafkaCode: RDKafkaCode(rawValue: code)) }
        for code: Int32 in [10, 18, 29, 31, 87] { #expect(error(code).isPermanentForMessage, "\(code)") }
        for code: Int32 in [-192, -185, 6, 7, 19] { #expect(!error(code).isPermanentForMessage, "\(code)") }
        #expect(error(10).isMessageTooLarge && error(18).isMessageTooLarge && !error(29).isMessageTooLarge)
        #expect(!KafkaError(code: .timedOut, reason: "-").isPermanentForMessage)
    }

    @Test func anOutputTooLargeForTheProducerIsDeadLetteredUnderItsToken() throws {
        // The poison tests' own cluster (no other test takes its brokers down), off broker 3.
        let cluster = PoisonOutputTests.fixture.cluster
        let (out, dead) = (E2ECluster.unique("alerts"), E2ECluster.unique("dead"))
        for t in [out, dead] {
            try cluster.createTopic(t, partitions: 1)
            try cluster.setPartitionLeader(topic: t, partition: 0, broker: 1)
        }
        let acks = AckQueue(), poisoned = PoisonedOutputs()
        var config = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        config.properties = ["message.max.bytes": "2000"]
        let producer = try KafkaProducer.make(
            configuration: config, logger: E2ECluster.logger,
            onDelivery: KafkaSink.deliveryHandler(acks: acks, poisoned: poisoned, deadLetterTopic: dead))
        let sink = KafkaSink(producer: producer, deadLetterTopic: dead, poisoned: poisoned)

        let padding = String(repeating: "x", count: 4_000)
        let value = Array(#"{"alert_id":"a-1","window":{"topic":"predictions","partition":2,"start_offset":500,"end_offset":999},"note":"\#(padding)"}"#.utf8)
        let token = AckToken(processor: 3, group: 17)
        let payload = OutputPayload.deadLetter(DeadLetter(reason: "-", source: .predictions, sourceTopic: "predictions",
                                                          sourcePartition: 2, sourceOffset: 500))
        try sink.write(OutputMessage(topic: out, key: Array("k".utf8), value: value, token: token, payload: payload))
        #expect(poisoned.total == 1)
        sink.deadLetterPoisoned(logger: E2ECluster.logger)
        try sink.flush(timeoutMs: 10_000)
        #expect(poisoned.stopSentence == nil)
        let reports = acks.drain()
        #expect(reports.acked == [token] && reports.failed.isEmpty, "\(reports)")

        let letters = try TopicReader.readAll(brokers: cluster.bootstrapServers, topic: dead, partitions: 1, expected: 1,
                                              logger: E2ECluster.logger)
        let letter = try #require(letters.first)
        let header = { (k: String) in letter.header(k)?.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect((letter.value ?? []).isEmpty)
        #expect(letter.key == Array("k".utf8))
        #expect(header("error")?.contains("MSG_SIZE_TOO_LARGE") == true, "\(String(describing: header("error")))")
        #expect(header("output.topic") == out)
        #expect(header("output.id") == "a-1")
        #expect(header("source.topic") == "predictions")
        #expect(header("source.partition") == "2")
        #expect(header("source.start_offset") == "500")
        #expect(header("source.end_offset") == "999")
        try producer.close(timeout: .seconds(5))
    }

    /// A delivery that timed out (the brokers unreachable for `message.timeout.ms`) fails its
    /// token, so its offsets stay held, and stops the worker with one sentence: sent again from
    /// here it would land behind later outputs (summaries and state records must stay in order).
    @Test func anOutputWhoseDeliveryTimedOutStopsTheWorkerWithoutCommittingPastIt() throws {
        let cluster = try MockCluster.start(brokers: 1, logger: E2ECluster.logger)
        let out = E2ECluster.unique("summaries")
        try cluster.createTopic(out, partitions: 1)
        let acks = AckQueue(), poisoned = PoisonedOutputs()
        var config = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        config.messageTimeout = .milliseconds(1_500)
        let producer = try KafkaProducer.make(
            configuration: config, logger: E2ECluster.logger,
            onDelivery: KafkaSink.deliveryHandler(acks: acks, poisoned: poisoned, deadLetterTopic: "dead"))
        let sink = KafkaSink(producer: producer, deadLetterTopic: "dead", poisoned: poisoned)

        try cluster.setBrokerDown(1)
        let token = AckToken(processor: -2, group: 41)
        try sink.write(OutputMessage(topic: out, key: Array("m".utf8), value: Array(#"{"index":3}"#.utf8), token: token,
                                     payload: .deadLetter(DeadLetter(reason: "-", source: .predictions, sourceTopic: "p",
                                                                     sourcePartition: 0, sourceOffset: 1))))
        let stopped = try Delivery.wait(seconds: 10) { poisoned.stopSentence != nil }
        #expect(stopped, "the delivery did not time out while the broker was down")
        #expect(poisoned.stopSentence == "An output to '\(out)' was not delivered within message.timeout.ms (the brokers were unreachable that long); stopping without committing past it: a restart resumes from the last commit and republishes it in order.")
        let reports = acks.drain()
        #expect(reports.failed == [token] && reports.acked.isEmpty, "\(reports)")
        #expect(poisoned.total == 0, "nothing is dead-lettered for a timeout")
        try cluster.setBrokerUp(1)
        try producer.close(timeout: .seconds(5))
    }
}
