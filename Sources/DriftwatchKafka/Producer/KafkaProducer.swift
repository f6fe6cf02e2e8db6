import Crdkafka
public import Logging
import Synchronization

/// An idempotent producer (acks=all by default) whose every message gets exactly one delivery
/// report, carrying the caller's token, on the producer's service thread (or inside `flush`).
///
/// `send` copies key and value into librdkafka and returns at once; it blocks only while
/// librdkafka's queue is full. Never call `send` or `flush` from the delivery handler.
/// Shut down with `close(timeout:)`: flush, then stop the service thread; the handle is
/// destroyed when the producer is released.
public final class KafkaProducer: Sendable {
    let client: RDKafkaClient
    let serviceLoop: RDKafkaServiceLoop
    let logger: Logger
    /// Set by `close()`: later sends and flushes throw `.closed` instead of reaching librdkafka
    /// after its service thread stopped (reports would never be served).
    private let closed = Atomic<Bool>(false)

    private init(client: RDKafkaClient, logger: Logger) {
        self.client = client
        self.logger = logger
        serviceLoop = RDKafkaServiceLoop(client: client, name: "driftwatch.kafka.producer")
    }

    /// A producer for `configuration`; `onDelivery` receives each message's report exactly once.
    public static func make(
        configuration: KafkaProducerConfiguration, logger: Logger,
        onDelivery: @escaping @Sendable (KafkaDeliveryReport) -> Void
    ) throws -> KafkaProducer {
        let callbacks = RDKafkaCallbacks(logger: logger, delivery: onDelivery)
        let client = try RDKafkaClient.make(
            kind: .producer, properties: configuration.rdKafkaProperties, callbacks: callbacks, logQueue: true
        )
        return KafkaProducer(client: client, logger: logger)
    }

    deinit {
        serviceLoop.stop()
    }

    /// Queues `message`; its delivery report will carry `token`.
    public func send(_ message: KafkaProducerMessage, token: UInt64 = 0) throws {
        try withOptionalBytes(message.key) { key in
            try withOptionalBytes(message.value) { value in
                try send(
                    topic: message.topic, partition: message.partition, key: key, value: value,
                    headers: message.headers, timestamp: message.timestamp, token: token
                )
            }
        }
    }

    /// Queues a message from raw bytes (copied before returning); nil key or value is a null.
    public func send(
        topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?, headers: [KafkaHeader] = [], timestamp: Int64? = nil,
        token: UInt64 = 0
    ) throws {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed("producer") }
        try client.checkFatal()
        let headerList = makeHeaders(headers)
        let error: OpaquePointer? = topic.withCString { topicName in
            var values: [rd_kafka_vu_t] = []
            values.reserveCapacity(8)
            var item = rd_kafka_vu_t()
            item.vtype = RD_KAFKA_VTYPE_TOPIC
            item.u.cstr = topicName
            values.append(item)
            item = rd_kafka_vu_t()
            item.vtype = RD_KAFKA_VTYPE_MSGFLAGS
            item.u.i = RD_KAFKA_MSG_F_COPY | RD_KAFKA_MSG_F_BLOCK
            values.append(item)
            if let value {
                item = rd_kafka_vu_t()
                item.vtype = RD_KAFKA_VTYPE_VALUE
                item.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                item.u.mem.size = value.count
                values.append(item)
            }
            if let key {
                item = rd_kafka_vu_t()
                item.vtype = RD_KAFKA_VTYPE_KEY
                item.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                item.u.mem.size = key.count
                values.append(item)
            }
            if let partition {
                item = rd_kafka_vu_t()
                item.vtype = RD_KAFKA_VTYPE_PARTITION
                item.u.i32 = partition
                values.append(item)
            }
            if let timestamp {
                item = rd_kafka_vu_t()
                item.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                item.u.i64 = timestamp
                values.append(item)
            }
            if let headerList {
                item = rd_kafka_vu_t()
                item.vtype = RD_KAFKA_VTYPE_HEADERS
                item.u.headers = headerList
                values.append(item)
            }
            item = rd_kafka_vu_t()
            item.vtype = RD_KAFKA_VTYPE_OPAQUE
            item.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(token))
            values.append(item)
            return client.withHandle { rd_kafka_produceva($0, values, values.count) }
        }
        if let error {
            if let headerList { rd_kafka_headers_destroy(headerList) }  // not taken on failure
            throw KafkaError(consuming: error)
        }
    }

    /// Waits until every queued message has its delivery report, up to `timeout`.
    /// Throws `.timedOut` (retriable) naming how many are still outstanding.
    public func flush(timeout: Duration) throws {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed("producer") }
        let err = client.withHandle { rd_kafka_flush($0, timeout.milliseconds) }
        if err == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(
                code: .timedOut, reason: "\(outstandingMessages) messages were not delivered within \(timeout).",
                rdKafkaCode: RDKafkaCode(err), isRetriable: true
            )
        }
        try client.checkFatal()
    }

    /// Messages queued or in flight, plus delivery reports not yet served.
    public var outstandingMessages: Int {
        Int(client.withHandle { rd_kafka_outq_len($0) })
    }

    /// Flushes (up to `timeout`) and stops the service thread. Throws if messages remain.
    /// A second call does nothing; `send` and `flush` afterwards throw `.closed`.
    public func close(timeout: Duration = .seconds(30)) throws {
        guard !closed.load(ordering: .acquiring) else { return }
        defer {
            closed.store(true, ordering: .releasing)
            serviceLoop.stop()
        }
        try flush(timeout: timeout)
        logger.info("kafka.producer.closed")
    }

    /// Partition count of every topic in the cluster.
    public func topicPartitionCounts(timeout: Duration = .seconds(10)) throws -> [String: Int] {
        try client.topicPartitionCounts(timeout: timeout)
    }

    private func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { _ = rd_kafka_header_add(list, header.key, -1, $0.baseAddress, $0.count) }
            } else {
                _ = rd_kafka_header_add(list, header.key, -1, nil, 0)
            }
        }
        return list
    }
}

private func withOptionalBytes<Result>(
    _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws -> Result
) rethrows -> Result {
    guard let bytes else { return try body(nil) }
    return try bytes.withUnsafeBytes { try body($0) }
}
