import Crdkafka

/// Turns librdkafka messages into `KafkaMessage`s without copying payloads: topic names are
/// shared per topic handle and headers parsed only when asked for.
enum RDKafkaMessageBatch {
    /// Wraps `messages[0..<count]` (all without error); the new `RDKafkaMessages` owns them.
    static func convert(
        _ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>, count: Int,
        client: RDKafkaClient, readHeaders: Bool, into result: inout [KafkaMessage]
    ) {
        let owner = messages.withMemoryRebound(to: UnsafeMutablePointer<rd_kafka_message_t>.self, capacity: count) {
            RDKafkaMessages(client: client, taking: $0, count: count)
        }
        result.reserveCapacity(result.count + count)
        var topicHandle: OpaquePointer?
        var topic = ""
        for index in 0..<count {
            let pointer = owner.message(at: index)
            let message = pointer.pointee
            if message.rkt != topicHandle {
                topicHandle = message.rkt
                topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            }
            var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
            result.append(KafkaMessage(
                topic: topic, partition: message.partition, offset: message.offset,
                timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
                headers: readHeaders ? headers(of: pointer) : [], batch: owner, index: index
            ))
        }
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            return []
        }
        let count = rd_kafka_header_cnt(list)
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(count)
        for index in 0..<count {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  let name else { continue }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            headers.append(KafkaHeader(key: String(cString: name), value: bytes))
        }
        return headers
    }
}
