public import DriftwatchCore
public import DriftwatchKafka

/// `run`'s sink: each output message goes to the idempotent producer (acks=all); its delivery
/// report, carrying the packed `AckToken`, lands in the `AckQueue` from the producer's thread.
public final class KafkaSink: OutputSink {
    public let producer: KafkaProducer

    public init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// The delivery handler to give `KafkaProducer.make`: routes reports to `acks`.
    public static func deliveryHandler(acks: AckQueue) -> @Sendable (KafkaDeliveryReport) -> Void {
        { report in
            let token = AckQueue.unpack(report.token)
            if report.isDelivered { acks.acknowledged(token) } else { acks.failed(token) }
        }
    }

    public func write(_ message: OutputMessage) throws {
        let headers = message.headers.map { KafkaHeader(key: $0.name, value: $0.value) }
        let token = AckQueue.pack(message.token)
        try message.value.withUnsafeBytes { value in
            if let key = message.key {
                try key.withUnsafeBytes { k in
                    try producer.send(topic: message.topic, key: k, value: value, headers: headers, token: token)
                }
            } else {
                try producer.send(topic: message.topic, key: nil, value: value, headers: headers, token: token)
            }
        }
    }

    public func flush(timeoutMs: Int) throws {
        try producer.flush(timeout: .milliseconds(timeoutMs))
    }
}
