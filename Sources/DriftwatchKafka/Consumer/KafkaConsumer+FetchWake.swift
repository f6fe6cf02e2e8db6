import Crdkafka

/// What a consumer needs to keep librdkafka 2.0.2's fetcher busy with a small prefetch queue.
///
/// librdkafka stops fetching a partition while the consumer queue holds `queued.min.messages`
/// (or `queued.max.messages.kbytes`) and, in 2.0.2, decides again only when its broker thread
/// wakes up: on a fetch response, an op for that broker, or its 1-second idle timer
/// (`rd_kafka_toppar_fetch_decide` returns no backoff for a full queue; 2.1 added
/// `fetch.queue.backoff.ms`). Draining the queue wakes nothing, so a small queue stalls the
/// consumer for up to a second each time it fills. A request to the leader is an op for its
/// broker thread: the fetch decision runs again at once.
extension KafkaConsumer {
    /// Messages (and events) fetched into the consumer queue and not yet returned by `poll`.
    public var queuedMessages: Int {
        queue.withQueue { Int(rd_kafka_queue_length($0)) }
    }

    /// Wakes the broker threads that fetch `partitions` by asking each leader for their latest
    /// offsets (`rd_kafka_offsets_for_times` with timestamp -1: one ListOffsets request per
    /// leader). Blocks until the leaders answer or `timeout` passes: call it off the polling
    /// thread. The answer is ignored; the request is only there to make each leader's broker
    /// thread run its fetch decision again.
    public func wakeFetchers(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(1)) throws {
        guard !partitions.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(partitions, offset: KafkaOffset.end)
        let err = client.withHandle { rd_kafka_offsets_for_times($0, list.pointer, timeout.milliseconds) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "Waking the fetchers failed: \(String(cString: rd_kafka_err2str(err))).")
        }
    }
}
