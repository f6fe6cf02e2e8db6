import Crdkafka
import Logging

/// Owns one `rd_kafka_t` and the Swift state its C callbacks reach. `deinit` is the only destroy.
///
/// `@unchecked Sendable`: librdkafka documents `rd_kafka_t` as thread-safe for every call made
/// through `withHandle` here (produce, poll, commit, seek, pause, metadata, assign); the pointer
/// is immutable and never escapes `withHandle`. Calls that must not overlap (consumer close vs.
/// poll) are serialised by `KafkaConsumer`'s poll lock.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer, consumer

        var rdKafkaType: rd_kafka_type_t {
            self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        }
    }

    let kind: Kind
    let callbacks: RDKafkaCallbacks
    private let handle: OpaquePointer

    private init(kind: Kind, handle: OpaquePointer, callbacks: RDKafkaCallbacks) {
        self.kind = kind
        self.handle = handle
        self.callbacks = callbacks
    }

    /// A new client. With `logQueue`, librdkafka's logs wait on the main queue and reach swift-log
    /// when that queue is polled (`log.queue`); without it they are logged from librdkafka's threads.
    static func make(
        kind: Kind, properties: [String: String], callbacks: RDKafkaCallbacks, logQueue: Bool
    ) throws -> RDKafkaClient {
        var properties = properties
        properties["log.queue"] = logQueue ? "true" : "false"
        let conf = try RDKafkaConfig.make(properties)
        var confTaken = false
        defer { if !confTaken { rd_kafka_conf_destroy(conf) } }
        callbacks.install(on: conf, consumer: kind == .consumer)
        var message = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind.rdKafkaType, conf, &message, message.count) else {
            let text = String(cBuffer: message)
            throw KafkaError(code: .config, reason: "librdkafka refused the configuration: \(text)")
        }
        confTaken = true  // rd_kafka_new owns the conf from here.
        if logQueue {
            rd_kafka_set_log_queue(handle, nil)  // main queue (the consumer queue after poll_set_consumer)
        }
        return RDKafkaClient(kind: kind, handle: handle, callbacks: callbacks)
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// The handle for the duration of `body`; never store it.
    func withHandle<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try body(handle)
    }

    /// Throws the client's fatal error, if librdkafka raised one.
    func checkFatal() throws {
        if let error = callbacks.fatalError.withLock({ $0 }) { throw error }
    }

    /// Metadata of all topics: name → partition count (topics with an error are left out).
    func topicPartitionCounts(timeout: Duration) throws -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &metadata, timeout.milliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(rdKafka: err, reason: "Reading cluster metadata failed: \(String(cString: rd_kafka_err2str(err))).")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var counts: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            counts[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return counts
    }

    /// Low and high watermarks of a partition, asked of its leader.
    func watermarks(topic: String, partition: Int32, timeout: Duration) throws -> KafkaWatermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout.milliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "Querying watermarks of \(topic)[\(partition)] failed: \(String(cString: rd_kafka_err2str(err))).")
        }
        return KafkaWatermarks(low: low, high: high)
    }
}

extension Duration {
    /// Whole milliseconds, clamped to Int32 for librdkafka's timeouts.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
