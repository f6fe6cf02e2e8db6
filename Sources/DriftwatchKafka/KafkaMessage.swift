/// A Kafka record header. A header may have a null value.
public struct KafkaHeader: Hashable, Sendable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }
}

/// A consumed message. Its key and value are librdkafka's own buffers, shared with the other
/// messages of its batch and freed when the last of them is released: `withUnsafeValue` reads
/// them without copying; `value` and `key` copy into new arrays.
public struct KafkaMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// Milliseconds since the epoch (create time or log-append time), nil when the broker has none.
    public let timestamp: Int64?
    public let headers: [KafkaHeader]
    let batch: RDKafkaMessages
    let index: Int

    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    /// The value's bytes, nil for a null value (a tombstone).
    public var value: [UInt8]? {
        batch.value(at: index).map { Array($0) }
    }

    /// The key's bytes, nil for a null key.
    public var key: [UInt8]? {
        batch.key(at: index).map { Array($0) }
    }

    public var isNullValue: Bool { batch.value(at: index) == nil }

    /// Size of the value in bytes (0 for a null value).
    public var valueSize: Int { batch.value(at: index)?.count ?? 0 }

    /// Reads the value in place (an empty buffer for a null value). Do not let the pointer escape.
    public func withUnsafeValue<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try withExtendedLifetime(batch) {
            try body(batch.value(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// Reads the key in place (an empty buffer for a null key). Do not let the pointer escape.
    public func withUnsafeKey<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try withExtendedLifetime(batch) {
            try body(batch.key(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// The value as UTF-8 text (lossy), for logs and tests.
    public var valueString: String? {
        batch.value(at: index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The key as UTF-8 text (lossy).
    public var keyString: String? {
        batch.key(at: index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first header with `key`, if any.
    public func header(_ key: String) -> KafkaHeader? {
        headers.first { $0.key == key }
    }
}
