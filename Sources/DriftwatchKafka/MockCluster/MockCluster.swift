import Crdkafka
public import Logging

/// An in-process Kafka cluster (librdkafka's mock brokers) speaking the real protocol over
/// loopback TCP. Broker ids are 1...brokerCount.
///
/// Limits of librdkafka 2.0.2's mock: at most 5 MiB or 100,000 message sets per partition
/// (older ones are deleted silently), no CreateTopics (use `createTopic`), no transactional
/// offsets, the first group join takes about 3 s.
///
/// `@unchecked Sendable`: the mock cluster's API functions are thread-safe (they post operations
/// to the mock's own thread), the pointer is immutable and destroyed only in `deinit`.
public final class MockCluster: @unchecked Sendable {
    /// The host client: the cluster lives inside it, so it is destroyed after the cluster.
    private let host: RDKafkaClient
    private let cluster: OpaquePointer
    /// "127.0.0.1:port,..." for `bootstrap.servers`.
    public let bootstrapServers: String
    public let brokerCount: Int

    private init(host: RDKafkaClient, cluster: OpaquePointer, brokerCount: Int) {
        self.host = host
        self.cluster = cluster
        self.brokerCount = brokerCount
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Starts `brokers` mock brokers on loopback.
    public static func start(brokers: Int = 3, logger: Logger) throws -> MockCluster {
        guard brokers > 0 else {
            throw KafkaError(code: .invalidArgument, reason: "A mock cluster needs at least one broker, not \(brokers).")
        }
        let host = try RDKafkaClient.make(
            kind: .producer, properties: ["log_level": "4"], callbacks: RDKafkaCallbacks(logger: logger),
            logQueue: false
        )
        guard let cluster = host.withHandle({ rd_kafka_mock_cluster_new($0, Int32(brokers)) }) else {
            throw KafkaError(code: .state, reason: "librdkafka could not start a mock cluster of \(brokers) brokers.")
        }
        return MockCluster(host: host, cluster: cluster, brokerCount: brokers)
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)  // before `host` is released and destroyed
    }

    /// Creates a topic (replication factor at most the broker count).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let err = rd_kafka_mock_topic_create(
            cluster, name, Int32(partitions), Int32(min(replicationFactor, brokerCount)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "Creating mock topic '\(name)' failed: \(String(cString: rd_kafka_err2str(err))).")
        }
    }

    /// Makes `broker` the coordinator of consumer group `group` (tests that take brokers down).
    public func setGroupCoordinator(group: String, broker: Int32) throws {
        try check(rd_kafka_mock_coordinator_set(cluster, "group", group, broker), "Moving the coordinator of group \(group)")
    }

    /// Disconnects a broker and refuses its connections until `setBrokerUp`.
    public func setBrokerDown(_ brokerID: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, brokerID), "Taking broker \(brokerID) down")
    }

    public func setBrokerUp(_ brokerID: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, brokerID), "Bringing broker \(brokerID) up")
    }

    /// Adds round-trip latency to a broker's responses.
    public func setRoundTripTime(_ brokerID: Int32, _ rtt: Duration) throws {
        try check(rd_kafka_mock_broker_set_rtt(cluster, brokerID, rtt.milliseconds), "Setting broker \(brokerID) RTT")
    }

    /// Makes `broker` the leader of a partition.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws {
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker), "Moving \(topic)[\(partition)]")
    }

    /// Makes the brokers answer every request about `topic` with `error` (e.g.
    /// `.unknownTopicOrPartition`, as a real broker does for a missing topic when
    /// `auto.create.topics.enable` is off: the 2.0.2 mock itself always auto-creates topics,
    /// because its Metadata API is too old to carry the client's `allow.auto.create.topics`).
    public func setTopicError(_ topic: String, _ error: KafkaResponseError) {
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(error.rawValue))
    }

    /// The next requests of `api` (any broker) fail with these errors, one per request, in order.
    public func pushRequestErrors(_ api: KafkaAPIKey, _ errors: [KafkaResponseError]) {
        var codes = errors.map { rd_kafka_resp_err_t($0.rawValue) }
        rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, codes.count, &codes)
    }

    /// The next requests of `api` to broker `brokerID` only fail with these errors, one per
    /// request, in order (e.g. Produce refused on the one broker leading a topic). The 2.0.2
    /// mock cannot clear them: move the leaders away instead.
    public func pushRequestErrors(broker brokerID: Int32, _ api: KafkaAPIKey, _ errors: [KafkaResponseError]) throws {
        for error in errors {
            try check(driftwatch_mock_broker_push_request_error(cluster, brokerID, api.rawValue, rd_kafka_resp_err_t(error.rawValue)),
                      "Pushing a request error onto broker \(brokerID)")
        }
    }

    public func clearRequestErrors(_ api: KafkaAPIKey) {
        rd_kafka_mock_clear_request_errors(cluster, api.rawValue)
    }

    private func check(_ err: rd_kafka_resp_err_t, _ what: String) throws {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "\(what) failed: \(String(cString: rd_kafka_err2str(err))).")
        }
    }
}
