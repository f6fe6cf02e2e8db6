import Crdkafka

/// Turns librdkafka messages into `KafkaMessage`s: one copy of all keys and values into one
/// buffer per batch, topic names shared per topic handle, headers parsed only when present.
enum RDKafkaMessageBatch {
    /// Converts `messages[0..<count]` (errors excluded by the caller) and destroys none of them.
    static func convert(
        _ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>, count: Int,
        into result: inout [KafkaMessage]
    ) {
        var total = 0
        for index in 0..<count {
            let message = messages[index]!.pointee
            total += message.len + message.key_len
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { buffer, initialized in
            var position = 0
            for index in 0..<count {
                let message = messages[index]!.pointee
                if let key = message.key, message.key_len > 0 {
                    (buffer.baseAddress! + position).initialize(
                        from: key.assumingMemoryBound(to: UInt8.self), count: message.key_len)
                    position += message.key_len
                }
                if let payload = message.payload, message.len > 0 {
                    (buffer.baseAddress! + position).initialize(
                        from: payload.assumingMemoryBound(to: UInt8.self), count: message.len)
                    position += message.len
                }
            }
            initialized = position
        }
        let storage = KafkaBatchStorage(bytes: bytes)
        var lastTopicHandle: OpaquePointer?
        var lastTopic = ""
        var position: Int32 = 0
        result.reserveCapacity(result.count + count)
        for index in 0..<count {
            let pointer = messages[index]!
            let message = pointer.pointee
            if message.rkt != lastTopicHandle {
                lastTopicHandle = message.rkt
                lastTopic = String(cString: rd_kafka_topic_name(message.rkt))
            }
            let keyStart = position
            let keyCount: Int32 = message.key == nil ? -1 : Int32(message.key_len)
            position += Int32(message.key == nil ? 0 : message.key_len)
            let valueStart = position
            let valueCount: Int32 = message.payload == nil ? -1 : Int32(message.len)
            position += Int32(message.payload == nil ? 0 : message.len)
            var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
            result.append(KafkaMessage(
                topic: lastTopic, partition: message.partition, offset: message.offset,
                timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
                headers: headers(of: pointer), storage: storage,
                keyStart: keyStart, keyCount: keyCount, valueStart: valueStart, valueCount: valueCount
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
