import Crdkafka

extension KafkaConsumer {
    /// Returns the next messages: waits until `maxMessages` have arrived or `timeout` has passed
    /// (or a rebalance happened), so `timeout` bounds the latency a message can see here; an
    /// empty array when none arrived. Blocks the calling thread: call it from a dedicated
    /// thread (or use `batches()`). Rebalance handlers run inside this call.
    ///
    /// Throws `.closed` after `close()`, the client's fatal error, and topic errors such as an
    /// unknown topic (after returning the messages that arrived before the error). Transient
    /// broker errors are logged; librdkafka retries them.
    public func poll(maxMessages: Int = 1_000, timeout: Duration = .milliseconds(100)) throws -> [KafkaMessage] {
        precondition(maxMessages > 0, "maxMessages must be positive")
        return try pollState.withLock { state in
            guard !state.closed else { throw KafkaError.closed("consumer") }
            if let error = state.pendingError {
                state.pendingError = nil
                throw error
            }
            try client.checkFatal()
            if maxMessages > state.bufferCapacity {
                state.buffer.deallocate()
                state.buffer = .allocate(capacity: maxMessages)
                state.bufferCapacity = maxMessages
            }
            let buffer = state.buffer
            let rebalancesBefore = client.callbacks.rebalanceCount.load(ordering: .relaxed)
            let received = consumeBatch(into: buffer, maxMessages: maxMessages, timeout: timeout)
            // Keep the good messages (moved to the front); errors are read and destroyed here.
            var good = 0
            var firstError: KafkaError?
            for index in 0..<received {
                let message = buffer[index]!
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    buffer[good] = message
                    good += 1
                } else {
                    if let error = consumerError(message), firstError == nil { firstError = error }
                    rd_kafka_message_destroy(message)
                }
            }
            var messages: [KafkaMessage] = []
            if good > 0 {
                RDKafkaMessageBatch.convert(
                    buffer, count: good, client: client, readHeaders: readHeaders, into: &messages)
            }
            if client.callbacks.rebalanceCount.load(ordering: .relaxed) != rebalancesBefore {
                messages = try keepAssigned(messages)
            }
            if let firstError {
                if messages.isEmpty { throw firstError }
                state.pendingError = firstError
            }
            return messages
        }
    }

    /// After a rebalance inside this poll: only messages of partitions still assigned. Those of
    /// revoked partitions were fetched before the revoke; the next owner reads them again from
    /// the committed offset, so handing them out now would process them twice.
    private func keepAssigned(_ messages: [KafkaMessage]) throws -> [KafkaMessage] {
        guard !messages.isEmpty else { return messages }
        let assigned = Set(try assignment())
        let kept = messages.filter { assigned.contains($0.topicPartition) }
        if kept.count != messages.count {
            logger.debug("kafka.consumer.dropped.revoked", metadata: ["kafka.messages": "\(messages.count - kept.count)"])
        }
        return kept
    }

    /// One `rd_kafka_consume_batch_queue`: returns when `maxMessages` arrived, `timeout` passed
    /// or a rebalance callback ran. (Draining without waiting and then waiting for a single
    /// message, to cut latency, measured at about half the throughput on the mock cluster.)
    private func consumeBatch(
        into buffer: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>,
        maxMessages: Int, timeout: Duration
    ) -> Int {
        queue.withQueue { queue in
            max(0, rd_kafka_consume_batch_queue(queue, timeout.milliseconds, buffer, maxMessages))
        }
    }

    /// The error a failed message carries, or nil when it is only worth a log line.
    private func consumerError(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let err = message.pointee.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let detail = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(err))
        // The consumer queue gets the error callback's broker failures as messages: said once.
        if err.isBrokerConnectivity {
            if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
                logger.debug("kafka.consumer.error", metadata: ["kafka.error": "\(detail)"])
            } else if !client.callbacks.outages.report(failure: detail, logger: logger) {
                logger.warning("kafka.consumer.error", metadata: ["kafka.error": "\(detail)"])
            }
            return nil
        }
        let origin = topic.isEmpty ? "Consumer" : "Topic '\(topic)' partition \(message.pointee.partition)"
        let error = KafkaError(rdKafka: err, reason: "\(origin): \(detail).")
        switch error.code {
        case .unknownTopic, .fatal, .config, .invalidArgument:
            return error
        default:
            if err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE {
                return error
            }
            logger.warning("kafka.consumer.error", metadata: ["kafka.error": "\(error)"])
            return nil
        }
    }
}
