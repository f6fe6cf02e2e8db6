public import DriftwatchKafka
public import Logging

/// Restores a compacted state topic (Kafka Streams' changelog shape): reads one partition from
/// the beginning up to the high watermark taken at the start and keeps the latest value per key.
///
/// The model stage calls it when it is assigned a summaries partition, before deciding anything
/// for that partition's models (SPEC section 6: state is restored first). The mock cluster does
/// not compact, so every version is read; the last one per key wins either way.
public enum StateTopicReader {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Latest value per key of `topic`[`partition`]; a null value (tombstone) removes the key.
    public static func latest(
        brokers: String, topic: String, partition: Int32, properties: [String: String] = [:],
        timeout: Duration = .seconds(30), logger: Logger
    ) throws -> [String: [UInt8]] {
        var config = KafkaConsumerConfiguration(bootstrapServers: brokers, groupID: "driftwatch-state-restore")
        config.properties = properties
        config.isolationLevel = .readUncommitted
        config.readHeaders = false
        let consumer = try KafkaConsumer.make(configuration: config, logger: logger)
        defer { try? consumer.close() }
        let end = try consumer.watermarks(topic: topic, partition: partition, timeout: timeout)
        var state: [String: [UInt8]] = [:]
        guard end.high > end.low else { return state }
        try consumer.assign([KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: end.low)])
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var next = end.low
        while next < end.high {
            guard clock.now < deadline else {
                throw Failure(description: "Restoring state from \(topic)[\(partition)] stopped at offset \(next) of \(end.high) after \(timeout).")
            }
            for message in try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100)) {
                next = message.offset + 1
                guard let key = message.keyString else { continue }
                if message.isNullValue { state[key] = nil } else { state[key] = message.value }
            }
        }
        return state
    }
}
