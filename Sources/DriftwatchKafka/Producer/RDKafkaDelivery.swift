import Crdkafka

/// librdkafka's per-message delivery callback, run by whoever polls the producer's main queue
/// (its service thread, or `flush`). The message's opaque is the caller's token.
func rdKafkaDeliveryCallback(
    _ rk: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let callbacks = RDKafkaCallbacks.from(opaque), let delivery = callbacks.delivery else {
        return
    }
    let token = UInt64(UInt(bitPattern: message.pointee._private))
    let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    let err = message.pointee.err
    var error: KafkaError?
    var key: [UInt8]?, value: [UInt8]?
    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
        let text = String(cString: rd_kafka_err2str(err))
        error = KafkaError(rdKafka: err, reason: "Delivery to '\(topic)' failed: \(text).")
        // Only a failed message is copied back (rare): its sender may dead-letter it.
        key = bytes(message.pointee.key, message.pointee.key_len)
        value = bytes(message.pointee.payload, message.pointee.len)
    }
    delivery(KafkaDeliveryReport(
        token: token, topic: topic, partition: message.pointee.partition,
        offset: message.pointee.offset, error: error, key: key, value: value
    ))
}

private func bytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> [UInt8]? {
    guard let pointer else { return nil }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
}
