import DriftwatchCore
import DriftwatchKafka
import Logging
import Foundation

/// Samples the worker's memory from its poll loop, at most once a second (issue 11): reading
/// `/proc/self/status`, `mallinfo2()` and the state's byte estimates costs well under a
/// millisecond, and nothing is added per event. Keeps the sample with the most heap in use,
/// with the state and librdkafka queues of that moment, the sample with the highest RSS, and
/// the queues' peaks.
///
/// Used by the polling thread only (the state it reads is that thread's between batches).
final class MemorySampler {
    private(set) var breakdown = MemoryBreakdown()
    private let interval: Duration
    private var last: ContinuousClock.Instant?

    /// Measures the start-up memory now (call before the first poll).
    init(referenceBytes: Int, interval: Duration = .seconds(1)) {
        self.interval = interval
        breakdown.startUp = ProcessMemory.current()
        breakdown.referenceBytes = referenceBytes
        breakdown.peakRSSBytes = breakdown.startUp.peakRSSBytes
    }

    /// Whether a sample taken at `now` would be the first or at least the interval after the last.
    func isDue(_ now: ContinuousClock.Instant) -> Bool { last.map { now - $0 >= interval } ?? true }

    /// Mean payload of a fetched message, from the latest statistics that had any queued.
    private var payloadPerMessage = 0.0

    /// Samples when the last sample is at least the interval old (or `force`). `queued`: the
    /// consumer queue's length now (`KafkaConsumer.queuedMessages`).
    ///
    /// The consumer's statistics reach us through the consumer queue, behind the messages
    /// fetched before them: by the time one is read it describes the queue as it was up to a
    /// queue's worth of messages ago (near the end of a run, a full queue that has since
    /// drained). So the fetch queue is taken as its length now times the statistics' mean
    /// payload per message.
    func sampleIfDue(
        now: ContinuousClock.Instant, force: Bool = false, state: () -> PipelineStateBytes,
        consumer: KafkaClientStatistics?, queued: Int? = nil, producer: KafkaClientStatistics?
    ) {
        guard force || isDue(now) else { return }
        last = now
        let memory = ProcessMemory.current()
        var consumer = consumer ?? KafkaClientStatistics()
        if let queued {
            if consumer.fetchQueueMessages > 0 {
                payloadPerMessage = Double(consumer.fetchQueueBytes) / Double(consumer.fetchQueueMessages)
            }
            consumer.fetchQueueMessages = queued
            consumer.fetchQueueBytes = Int(payloadPerMessage * Double(queued))
        }
        let producer = producer ?? KafkaClientStatistics()
        breakdown.samples += 1
        breakdown.peakRSSBytes = max(breakdown.peakRSSBytes, memory.peakRSSBytes)
        breakdown.peakFetchQueueBytes = max(breakdown.peakFetchQueueBytes, consumer.fetchQueueBytes)
        breakdown.peakProducerQueueBytes = max(breakdown.peakProducerQueueBytes, producer.producerQueueBytes)
        if memory.rssBytes >= breakdown.atPeakRSS.rssBytes { breakdown.atPeakRSS = memory }
        if memory.heapInUseBytes >= breakdown.atPeakHeap.heapInUseBytes {
            breakdown.atPeakHeap = memory
            breakdown.stateAtPeakHeap = state()
            breakdown.consumerAtPeakHeap = consumer
            breakdown.producerAtPeakHeap = producer
        }
    }

    /// The `pipeline.memory` log line's metadata: the breakdown's numbers, bytes in MiB.
    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for (key, value) in breakdown.json.members {
            let n = value.doubleValue ?? 0
            if key.hasSuffix("messages") || key == "samples" {
                metadata["memory.\(key)"] = "\(Int(n))"
            } else {
                metadata["memory.\(key).mib"] = "\(String(format: "%.1f", n / 1_048_576))"
            }
        }
        return metadata
    }
}
