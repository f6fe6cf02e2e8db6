import Crdkafka

/// Owns the `rd_kafka_message_t`s of one consumed batch; `deinit` destroys them. Messages point
/// into it, so a batch's payloads are never copied. It holds its client: librdkafka requires
/// every message to be destroyed before the handle.
///
/// `@unchecked Sendable`: the messages are immutable once librdkafka returns them, only read
/// here, and `rd_kafka_message_destroy` may run on any thread.
final class RDKafkaMessages: @unchecked Sendable {
    private let client: RDKafkaClient
    private let pointers: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>>
    let count: Int

    /// Takes ownership of `count` messages (all without error) from `source`.
    init(client: RDKafkaClient, taking source: UnsafePointer<UnsafeMutablePointer<rd_kafka_message_t>>, count: Int) {
        self.client = client
        self.count = count
        pointers = .allocate(capacity: max(count, 1))
        pointers.initialize(from: source, count: count)
    }

    deinit {
        for index in 0..<count {
            rd_kafka_message_destroy(pointers[index])
        }
        pointers.deallocate()
    }

    func message(at index: Int) -> UnsafeMutablePointer<rd_kafka_message_t> {
        pointers[index]
    }

    func value(at index: Int) -> UnsafeRawBufferPointer? {
        let message = pointers[index].pointee
        guard let payload = message.payload else { return nil }
        return UnsafeRawBufferPointer(start: payload, count: message.len)
    }

    func key(at index: Int) -> UnsafeRawBufferPointer? {
        let message = pointers[index].pointee
        guard let key = message.key else { return nil }
        return UnsafeRawBufferPointer(start: key, count: message.key_len)
    }
}
