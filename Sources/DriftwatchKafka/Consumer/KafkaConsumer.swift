import Crdkafka
import Dispatch
public import Logging
import Synchronization

/// A consumer-group member over librdkafka's high-level consumer.
///
/// Read with `poll(maxMessages:timeout:)` from a dedicated thread, or iterate `batches()` (each
/// `next()` runs one blocking poll on the consumer's own dispatch queue, never on the cooperative
/// pool). Offsets are committed only explicitly (`commitSync`, `commitAsync`, `commit`), with the
/// NEXT offset to read. Rebalances reach the handler given to `subscribe` synchronously on the
/// polling thread; on revoke it runs before the partitions are unassigned.
///
/// Shut down with `close()`: it leaves the group (running the revoke handler) before the handle
/// is destroyed.
public final class KafkaConsumer: Sendable {
    struct PollState: ~Copyable {
        var closed = false
        var pendingError: KafkaError?
        var buffer: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
        var bufferCapacity: Int
    }

    let client: RDKafkaClient
    let queue: RDKafkaQueue
    let logger: Logger
    let readHeaders: Bool
    /// Serialises consume calls and close (librdkafka forbids closing while another thread polls).
    ///
    /// Held across the blocking C call (`rd_kafka_consume_batch_queue`, up to the poll timeout)
    /// and therefore across the rebalance handler, which librdkafka runs inside it. That is
    /// deliberate: the handler commits through `client.withHandle`, never through this lock, so
    /// it cannot deadlock; `close()` waits at most one poll timeout; and a second thread calling
    /// `poll` waits its turn instead of racing the batch buffer. Only one thread should poll.
    let pollState: Mutex<PollState>
    /// Runs the blocking polls of `batches()`.
    let pollQueue: DispatchQueue

    private init(client: RDKafkaClient, queue: RDKafkaQueue, logger: Logger, readHeaders: Bool) {
        self.client = client
        self.readHeaders = readHeaders
        self.queue = queue
        self.logger = logger
        let capacity = 1_024
        pollState = Mutex(PollState(buffer: .allocate(capacity: capacity), bufferCapacity: capacity))
        pollQueue = DispatchQueue(label: "driftwatch.kafka.consumer")
    }

    /// A consumer for `configuration`; a bad property throws a `.config` error naming it.
    public static func make(configuration: KafkaConsumerConfiguration, logger: Logger) throws -> KafkaConsumer {
        var logger = logger
        logger[metadataKey: "kafka.group.id"] = "\(configuration.groupID)"
        let callbacks = RDKafkaCallbacks(logger: logger)
        let client = try RDKafkaClient.make(
            kind: .consumer, properties: configuration.rdKafkaProperties, callbacks: callbacks, logQueue: true
        )
        // Everything (logs, errors, commit results) is served by the consumer queue's poll.
        let err = client.withHandle { rd_kafka_poll_set_consumer($0) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
        return KafkaConsumer(
            client: client, queue: try RDKafkaQueue.consumerQueue(of: client), logger: logger,
            readHeaders: configuration.readHeaders
        )
    }

    deinit {
        pollState.withLock { state in
            if !state.closed {
                client.withHandle { _ = rd_kafka_consumer_close($0) }
            }
            state.buffer.deallocate()
        }
    }

    // MARK: Group membership and assignment

    /// Joins the group for `topics`. `onRebalance` runs on the polling thread (see `KafkaRebalanceEvent`).
    public func subscribe(topics: [String], onRebalance: KafkaRebalanceHandler? = nil) throws {
        client.callbacks.rebalance.withLock { $0 = onRebalance }
        let list = RDKafkaTopicPartitionList(topics.map { KafkaTopicPartition(topic: $0, partition: -1) })
        let err = client.withHandle { rd_kafka_subscribe($0, list.pointer) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "Subscribing to \(topics) failed: \(String(cString: rd_kafka_err2str(err))).")
        }
    }

    /// Reads exactly these partitions from these offsets, without group rebalancing
    /// (`KafkaOffset.beginning`, `.end`, `.stored` or an absolute offset).
    public func assign(_ partitions: [KafkaTopicPartitionOffset]) throws {
        // Leaders must be known before the offset queries start, or librdkafka retries them
        // after 500 ms: one metadata request now saves that wait.
        if !partitions.isEmpty {
            _ = try? client.topicPartitionCounts(timeout: .seconds(5))
        }
        let list = RDKafkaTopicPartitionList(partitions)
        let err = client.withHandle { rd_kafka_assign($0, list.pointer) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
    }

    /// The partitions currently assigned to this member.
    public func assignment() throws -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = client.withHandle { rd_kafka_assignment($0, &list) }
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
        return RDKafkaTopicPartitionList.read(list).map(\.topicPartition)
    }

    // MARK: Closing

    /// Leaves the group (the revoke handler runs here, so it can commit) and stops fetching.
    /// Waits for a poll in progress on another thread to return first. Idempotent.
    public func close() throws {
        let err: rd_kafka_resp_err_t? = pollState.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            client.callbacks.closing.store(true, ordering: .relaxed)
            return client.withHandle { rd_kafka_consumer_close($0) }
        }
        if let err, err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, reason: "Closing the consumer failed: \(String(cString: rd_kafka_err2str(err))).")
        }
        logger.info("kafka.consumer.closed")
    }

    public var isClosed: Bool { pollState.withLock { $0.closed } }
}
