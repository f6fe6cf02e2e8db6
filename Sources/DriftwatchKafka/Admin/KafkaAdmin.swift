import Crdkafka
public import Logging

/// Cluster administration on real brokers: create topics (CreateTopics API) and read partition
/// counts (metadata). librdkafka 2.0.2's mock cluster lacks CreateTopics: use
/// `MockCluster.createTopic` there.
public final class KafkaAdmin: Sendable {
    let client: RDKafkaClient

    private init(client: RDKafkaClient) {
        self.client = client
    }

    public static func make(
        bootstrapServers: String, properties: [String: String] = [:], logger: Logger
    ) throws -> KafkaAdmin {
        var all = properties
        all["bootstrap.servers"] = bootstrapServers
        // Nobody polls an admin client's main queue, so logs come straight from librdkafka's threads.
        let client = try RDKafkaClient.make(
            kind: .producer, properties: all, callbacks: RDKafkaCallbacks(logger: logger), logQueue: false
        )
        return KafkaAdmin(client: client)
    }

    /// Creates a topic and waits for the controller's answer. With `ifNotExists`, an existing
    /// topic is not an error (its partition count is not checked here).
    public func createTopic(
        _ name: String, partitions: Int, replicationFactor: Int = -1, config: [String: String] = [:],
        ifNotExists: Bool = false, timeout: Duration = .seconds(30)
    ) throws {
        var message = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(name, Int32(partitions), Int32(replicationFactor), &message, message.count) else {
            throw KafkaError(code: .invalidArgument, reason: "Topic '\(name)' is invalid: \(String(cBuffer: message)).")
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        for (key, value) in config.sorted(by: { $0.key < $1.key }) {
            let err = rd_kafka_NewTopic_set_config(newTopic, key, value)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(rdKafka: err, reason: "Topic config '\(key)' = '\(value)' is invalid.")
            }
        }
        try client.withHandle { rk in
            guard let queue = rd_kafka_queue_new(rk) else {
                throw KafkaError(code: .state, reason: "librdkafka could not create a queue.")
            }
            defer { rd_kafka_queue_destroy(queue) }
            var topics: [OpaquePointer?] = [newTopic]
            let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &message, message.count)
            rd_kafka_CreateTopics(rk, &topics, 1, options, queue)
            guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 1_000) else {
                throw KafkaError(code: .timedOut, reason: "Creating topic '\(name)' timed out.", isRetriable: true)
            }
            defer { rd_kafka_event_destroy(event) }
            let err = rd_kafka_event_error(event)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
                throw KafkaError(rdKafka: err, reason: "Creating topic '\(name)' failed: \(text).")
            }
            var count = 0
            guard let result = rd_kafka_event_CreateTopics_result(event),
                  let results = rd_kafka_CreateTopics_result_topics(result, &count), count > 0,
                  let topicResult = results[0] else { return }
            let topicErr = rd_kafka_topic_result_error(topicResult)
            if topicErr == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if topicErr == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS && ifNotExists { return }
            let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            throw KafkaError(rdKafka: topicErr, reason: "Creating topic '\(name)' failed: \(text).")
        }
    }

    /// The number of partitions of `topic`; `.unknownTopic` when it does not exist
    /// (never auto-creates: it reads the metadata of all topics).
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) throws -> Int {
        guard let count = try client.topicPartitionCounts(timeout: timeout)[topic] else {
            throw KafkaError(
                code: .unknownTopic, reason: "Topic '\(topic)' does not exist.",
                rdKafkaCode: RDKafkaCode(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            )
        }
        return count
    }

    /// Partition count of every topic in the cluster.
    public func topicPartitionCounts(timeout: Duration = .seconds(10)) throws -> [String: Int] {
        try client.topicPartitionCounts(timeout: timeout)
    }

    /// Low and high watermarks of a partition.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws -> KafkaWatermarks {
        try client.watermarks(topic: topic, partition: partition, timeout: timeout)
    }
}
