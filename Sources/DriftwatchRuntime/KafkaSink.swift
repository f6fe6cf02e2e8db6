public import DriftwatchCore
public import DriftwatchKafka
public import Logging

/// `run`'s sink: each output message goes to the idempotent producer (acks=all); its delivery
/// report, carrying the packed `AckToken`, lands in the `AckQueue` from the producer's thread.
/// An output refused for good (too large, topic not authorised) is parked in `poisoned` and
/// republished to the dead-letter topic by `deadLetterPoisoned` under the same token. An output
/// still undelivered after `message.timeout.ms` (brokers unreachable that long) stops the worker
/// without committing past it: sending it again from here would put it behind later outputs,
/// and the model stage's summaries and state records must stay in order; a restart republishes
/// everything after the last commit, in order.
public final class KafkaSink: OutputSink {
    public let producer: KafkaProducer
    public let poisoned: PoisonedOutputs
    let deadLetterTopic: String

    public init(producer: KafkaProducer, deadLetterTopic: String = "", poisoned: PoisonedOutputs = PoisonedOutputs()) {
        self.producer = producer
        self.deadLetterTopic = deadLetterTopic
        self.poisoned = poisoned
    }

    /// The delivery handler to give `KafkaProducer.make`: routes reports to `acks`, outputs
    /// refused for good to `poisoned` (a dead letter refused for good stops the worker, and so
    /// does an output that timed out).
    public static func deliveryHandler(
        acks: AckQueue, poisoned: PoisonedOutputs? = nil, deadLetterTopic: String = ""
    ) -> @Sendable (KafkaDeliveryReport) -> Void {
        { report in
            let token = AckQueue.unpack(report.token)
            guard let error = report.error else { return acks.acknowledged(token) }
            if let poisoned, error.isPermanentForMessage {
                if report.topic != deadLetterTopic {
                    return poisoned.add(.init(token: report.token, topic: report.topic, key: report.key,
                                              value: report.value ?? [], error: error))
                }
                poisoned.stop("A dead letter could not be delivered to '\(report.topic)' either (\(error)); stopping without committing past it.")
            }
            if let poisoned, error.code == .timedOut {
                poisoned.stop("An output to '\(report.topic)' was not delivered within message.timeout.ms (the brokers were unreachable that long); stopping without committing past it: a restart resumes from the last commit and republishes it in order.")
            }
            acks.failed(token)
        }
    }

    public func write(_ message: OutputMessage) throws {
        let headers = message.headers.map { KafkaHeader(key: $0.name, value: $0.value) }
        let token = AckQueue.pack(message.token)
        do {
            try message.value.withUnsafeBytes { value in
                if let key = message.key {
                    try key.withUnsafeBytes { k in
                        try producer.send(topic: message.topic, key: k, value: value, headers: headers, token: token)
                    }
                } else {
                    try producer.send(topic: message.topic, key: nil, value: value, headers: headers, token: token)
                }
            }
        } catch let error as KafkaError where error.isPermanentForMessage && message.topic != deadLetterTopic {
            // Refused before it left (larger than the producer's `message.max.bytes`).
            poisoned.add(.init(token: token, topic: message.topic, key: message.key, value: message.value, error: error))
        }
    }

    public func flush(timeoutMs: Int) throws {
        try producer.flush(timeout: .milliseconds(timeoutMs))
    }

    /// Republishes every refused output to the dead-letter topic under its own token (its
    /// offsets stay held until the dead letter is acknowledged). Runs on the pipeline's thread.
    public func deadLetterPoisoned(logger: Logger) {
        for refused in poisoned.take() {
            let headers = PoisonedOutputs.deadLetterHeaders(for: refused)
            // The same bytes would be refused again for their size: the headers name the output.
            let value: [UInt8] = refused.error.isMessageTooLarge ? [] : refused.value
            logger.error("pipeline.output.dead_lettered", metadata: [
                "topic": "\(refused.topic)", "error": "\(refused.error)", "bytes": "\(refused.value.count)",
                "output.id": "\(headers.first { $0.key == "output.id" }.flatMap(\.value).map { String(decoding: $0, as: UTF8.self) } ?? "?")",
            ])
            do {
                try producer.send(KafkaProducerMessage(topic: deadLetterTopic, key: refused.key, value: value, headers: headers),
                                  token: refused.token)
            } catch {
                poisoned.stop("An output refused by '\(refused.topic)' (\(refused.error)) could not be dead-lettered to '\(deadLetterTopic)' (\(error)); stopping without committing past it.")
            }
        }
    }
}
