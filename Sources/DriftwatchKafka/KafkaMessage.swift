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

/// The key and value bytes of one consumed batch, copied out of librdkafka in one allocation.
/// Immutable after construction, so it is shared freely between the batch's messages.
final class KafkaBatchStorage: Sendable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// A consumed message. Key and value live in their batch's shared buffer: reading them with
/// `withUnsafeValue` copies nothing; `value` and `key` copy into a new array.
public struct KafkaMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// Milliseconds since the epoch (create time or log-append time), nil when the broker has none.
    public let timestamp: Int64?
    public let headers: [KafkaHeader]
    let storage: KafkaBatchStorage
    let keyStart: Int32
    /// -1 for a null key.
    let keyCount: Int32
    let valueStart: Int32
    /// -1 for a null value (a tombstone).
    let valueCount: Int32

    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    /// The value's bytes, nil for a null value.
    public var value: [UInt8]? {
        valueCount < 0 ? nil : Array(storage.bytes[Int(valueStart)..<Int(valueStart + valueCount)])
    }

    /// The key's bytes, nil for a null key.
    public var key: [UInt8]? {
        keyCount < 0 ? nil : Array(storage.bytes[Int(keyStart)..<Int(keyStart + keyCount)])
    }

    public var isNullValue: Bool { valueCount < 0 }

    /// Size of the value in bytes (0 for a null value).
    public var valueSize: Int { Int(max(valueCount, 0)) }

    /// Reads the value in place (an empty buffer for a null value).
    public func withUnsafeValue<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try storage.bytes.withUnsafeBytes { all in
            guard valueCount > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeRawBufferPointer(rebasing: all[Int(valueStart)..<Int(valueStart + valueCount)]))
        }
    }

    /// Reads the key in place (an empty buffer for a null key).
    public func withUnsafeKey<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try storage.bytes.withUnsafeBytes { all in
            guard keyCount > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeRawBufferPointer(rebasing: all[Int(keyStart)..<Int(keyStart + keyCount)]))
        }
    }

    /// The value as UTF-8 text (lossy), for logs and tests.
    public var valueString: String? {
        valueCount < 0 ? nil : withUnsafeValue { String(decoding: $0, as: UTF8.self) }
    }

    /// The key as UTF-8 text (lossy).
    public var keyString: String? {
        keyCount < 0 ? nil : withUnsafeKey { String(decoding: $0, as: UTF8.self) }
    }

    /// The first header with `key`, if any.
    public func header(_ key: String) -> KafkaHeader? {
        headers.first { $0.key == key }
    }
}
