/// A partition of a topic.
public struct KafkaTopicPartition: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A partition and an offset in it. For commits the offset is the NEXT offset to read
/// (last processed offset + 1), as Kafka defines committed offsets.
public struct KafkaTopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// Commit metadata (Kafka stores it with the committed offset and returns it from
    /// `committed`): the worker keeps the partition's window state here so the next owner
    /// continues the same windows. nil: none.
    public var metadata: String?

    public init(topic: String, partition: Int32, offset: Int64, metadata: String? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.metadata = metadata
    }

    public init(_ topicPartition: KafkaTopicPartition, offset: Int64, metadata: String? = nil) {
        self.init(topic: topicPartition.topic, partition: topicPartition.partition, offset: offset, metadata: metadata)
    }

    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// librdkafka's logical offsets.
public enum KafkaOffset {
    /// The oldest offset still in the partition.
    public static let beginning: Int64 = -2
    /// The offset after the newest message.
    public static let end: Int64 = -1
    /// The committed (stored) offset of the group.
    public static let stored: Int64 = -1000
    /// No offset: nothing committed yet.
    public static let invalid: Int64 = -1001
}

/// A partition's low and high watermarks: the first offset still present and the offset the
/// next produced message will get.
public struct KafkaWatermarks: Hashable, Sendable {
    public var low: Int64
    public var high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }

    /// Messages currently in the partition.
    public var count: Int64 { high - low }
}

extension [KafkaTopicPartition] {
    /// `predictions-0,predictions-1` (sorted): partitions as one log metadata value.
    public var logText: String {
        sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            .map { "\($0.topic)-\($0.partition)" }.joined(separator: ",")
    }
}
