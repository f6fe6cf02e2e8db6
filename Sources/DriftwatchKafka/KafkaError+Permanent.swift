import Crdkafka

extension KafkaError {
    /// Whether a failed delivery can never succeed by sending the same message again: the
    /// message is too large for the topic or producer, the topic refuses this client, or the
    /// broker rejects the record itself. Everything else (timeouts, brokers down, leader
    /// changes) is transient: librdkafka already retried it until `message.timeout.ms`.
    public var isPermanentForMessage: Bool {
        guard let raw = rdKafkaCode?.rawValue else { return false }
        return Self.permanentMessageErrors.contains(raw)
    }

    /// Whether the message was refused for its size (a dead letter then carries no value: the
    /// same bytes would be refused again).
    public var isMessageTooLarge: Bool {
        guard let raw = rdKafkaCode?.rawValue else { return false }
        return raw == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE.rawValue
            || raw == RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE.rawValue
    }

    private static let permanentMessageErrors: Set<Int32> = [
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG,
        RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_POLICY_VIOLATION,
        RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP, RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT,
        RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION,
    ].reduce(into: []) { $0.insert($1.rawValue) }
}
