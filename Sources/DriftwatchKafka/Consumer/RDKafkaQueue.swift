import Crdkafka

/// Owns one `rd_kafka_queue_t`. It holds its client, so the client (and its `rd_kafka_t`) is
/// destroyed only after the queue: librdkafka requires queues to go before their handle.
///
/// `@unchecked Sendable`: librdkafka queues are internally locked; the pointer never escapes
/// `withQueue`, and `KafkaConsumer` serialises the blocking consume calls with its poll lock.
final class RDKafkaQueue: @unchecked Sendable {
    let client: RDKafkaClient
    private let pointer: OpaquePointer

    private init(client: RDKafkaClient, pointer: OpaquePointer) {
        self.client = client
        self.pointer = pointer
    }

    /// The consumer-group queue (messages, rebalances, and, after `rd_kafka_poll_set_consumer`,
    /// logs, errors and commit results).
    static func consumerQueue(of client: RDKafkaClient) throws -> RDKafkaQueue {
        guard let pointer = client.withHandle({ rd_kafka_queue_get_consumer($0) }) else {
            throw KafkaError(code: .config, reason: "A Kafka consumer needs a group id.")
        }
        return RDKafkaQueue(client: client, pointer: pointer)
    }

    deinit {
        rd_kafka_queue_destroy(pointer)
    }

    func withQueue<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try body(pointer)
    }
}
