public import DriftwatchKafka
public import Logging

/// Reads topics back from the beginning (demo summary, tests, benchmark checks).
public enum TopicReader {
    /// Every message of `topic` (all `partitions`) from the beginning, until `expected` messages
    /// arrived or nothing arrived for `idle`.
    public static func readAll(
        brokers: String, topic: String, partitions: Int, expected: Int? = nil,
        idle: Duration = .seconds(2), logger: Logger
    ) throws -> [KafkaMessage] {
        var config = KafkaConsumerConfiguration(brokers: brokers, groupID: "driftwatch-reader")
        config.isolationLevel = .readUncommitted
        let consumer = try KafkaConsumer.make(configuration: config, logger: logger)
        defer { try? consumer.close() }
        try consumer.assign((0..<partitions).map {
            KafkaTopicPartitionOffset(topic: topic, partition: Int32($0), offset: KafkaOffset.beginning)
        })
        var messages: [KafkaMessage] = []
        let clock = ContinuousClock()
        var lastArrival = clock.now
        while true {
            if let expected, messages.count >= expected { break }
            let batch = try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100))
            if batch.isEmpty {
                if clock.now - lastArrival > idle { break }
                continue
            }
            lastArrival = clock.now
            messages.append(contentsOf: batch)
        }
        return messages
    }
}

extension KafkaConsumerConfiguration {
    init(brokers: String, groupID: String) {
        self.init(bootstrapServers: brokers, groupID: groupID)
    }
}
