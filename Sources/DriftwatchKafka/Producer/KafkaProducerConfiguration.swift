/// How a producer writes. Defaults favour durability (idempotent, acks=all) and throughput
/// (5 ms linger, lz4 batches).
public struct KafkaProducerConfiguration: Sendable {
    /// "host:port,host:port".
    public var bootstrapServers: String
    public var clientID = "driftwatch"
    /// Exactly-once per partition within a producer session, in order, no duplicates on retry.
    public var idempotent = true
    /// "all" (every in-sync replica), "1" or "0".
    public var acks = "all"
    /// How long to wait to fill a batch.
    public var linger: Duration = .milliseconds(5)
    /// "lz4", "zstd", "snappy", "gzip" or "none".
    public var compression = "lz4"
    /// How long librdkafka keeps retrying a message before reporting it failed.
    public var messageTimeout: Duration = .seconds(300)
    /// Extra librdkafka properties; they override the fields above.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    var rdKafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "enable.idempotence": idempotent ? "true" : "false",
            "acks": acks,
            "linger.ms": "\(linger.milliseconds)",
            "compression.type": compression,
            "message.timeout.ms": "\(messageTimeout.milliseconds)",
            "batch.num.messages": "10000",
        ]
        result.merge(properties) { _, new in new }
        return result
    }
}

/// A message to produce.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    /// nil: librdkafka's partitioner picks one from the key (murmur2-random, as the Java client).
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// Milliseconds since the epoch; nil: the time of sending.
    public var timestamp: Int64?

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// The brokers' answer for one produced message: durable at `offset`, or failed for good.
public struct KafkaDeliveryReport: Sendable {
    /// The token given to `send`.
    public let token: UInt64
    public let topic: String
    public let partition: Int32
    /// The message's offset; meaningful only when `error` is nil.
    public let offset: Int64
    /// nil when the message is durable (acknowledged per `acks`).
    public let error: KafkaError?
    /// The message's key and value, copied back only when it failed (nil when delivered).
    public let key: [UInt8]?
    public let value: [UInt8]?

    public init(token: UInt64, topic: String, partition: Int32, offset: Int64, error: KafkaError?,
                key: [UInt8]? = nil, value: [UInt8]? = nil) {
        self.token = token
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
        self.key = key
        self.value = value
    }

    public var isDelivered: Bool { error == nil }
}
