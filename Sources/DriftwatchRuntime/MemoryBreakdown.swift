public import DriftwatchCore
public import DriftwatchKafka
import Foundation

/// Where `run`'s memory goes (issue 11), measured, not derived: the process's resident and
/// heap numbers (`ProcessMemory`) at start-up, at the sample with the most heap in use (with
/// the pipeline state's byte estimates and librdkafka's queues of that moment) and at the
/// sample with the highest RSS. Nothing is forced to add up: what the parts do not cover is
/// printed as "other".
///
/// Two samples, because RSS and heap peak apart: malloc keeps what is freed, so RSS keeps its
/// high-water mark after the heap shrinks, and the highest-RSS sample is usually the last one,
/// when the queues have drained. What made the RSS is what was in the heap at its peak.
public struct MemoryBreakdown: Sendable, Equatable {
    /// Before the first poll, after the configuration and references were loaded and before
    /// the Kafka clients exist: the binary, Swift runtime, libraries and references.
    public var startUp = ProcessMemory()
    /// The sample with the most heap in use, and what was in it then.
    public var atPeakHeap = ProcessMemory()
    public var stateAtPeakHeap = PipelineStateBytes()
    /// The consumer's and producer's queues then (see `MemorySampler` for how they are taken).
    public var consumerAtPeakHeap = KafkaClientStatistics()
    public var producerAtPeakHeap = KafkaClientStatistics()
    /// The sample with the highest current RSS.
    public var atPeakRSS = ProcessMemory()
    /// The references in memory (constant after start-up).
    public var referenceBytes = 0
    /// Highest over all samples.
    public var peakFetchQueueBytes = 0
    public var peakProducerQueueBytes = 0
    /// `VmHWM` at the last sample: the peak RSS, which may fall between samples.
    public var peakRSSBytes = 0
    public var samples = 0

    public init() {}

    /// Heap in use at its peak that no part above accounts for (Swift objects and runtime
    /// metadata, librdkafka's buffers and ops beyond the queued payloads, …).
    public var otherHeapBytes: Int {
        let s = stateAtPeakHeap
        return atPeakHeap.heapInUseBytes - s.windows - s.performanceWindows - s.labelJoins - s.modelStage
            - referenceBytes - consumerAtPeakHeap.fetchQueueBytes - producerAtPeakHeap.producerQueueBytes
    }

    /// Flat numbers in bytes (the benchmark worker prints them; `init(json:)` reads them back).
    public var json: JSONObject {
        var o = JSONObject()
        for (key, path) in Self.keyPaths { o[key] = .number(Double(self[keyPath: path])) }
        return o
    }

    public init(json: JSONObject) {
        for (key, path) in Self.keyPaths { self[keyPath: path] = Int(json[key]?.doubleValue ?? 0) }
    }

    private static var keyPaths: [(String, WritableKeyPath<MemoryBreakdown, Int>)] {
        [("startup_rss", \.startUp.rssBytes), ("startup_rss_file", \.startUp.fileBytes),
         ("startup_rss_anon", \.startUp.anonymousBytes), ("startup_heap", \.startUp.heapInUseBytes),
         ("peak_rss", \.peakRSSBytes), ("rss", \.atPeakRSS.rssBytes), ("rss_file", \.atPeakRSS.fileBytes),
         ("rss_anon", \.atPeakRSS.anonymousBytes), ("rss_heap_in_use", \.atPeakRSS.heapInUseBytes),
         ("rss_heap_free", \.atPeakRSS.heapFreeBytes),
         ("heap_in_use", \.atPeakHeap.heapInUseBytes), ("heap_mapped", \.atPeakHeap.heapMappedBytes),
         ("heap_rss", \.atPeakHeap.rssBytes),
         ("windows", \.stateAtPeakHeap.windows), ("performance_windows", \.stateAtPeakHeap.performanceWindows),
         ("label_joins", \.stateAtPeakHeap.labelJoins), ("model_stage", \.stateAtPeakHeap.modelStage),
         ("references", \.referenceBytes),
         ("fetch_queue", \.consumerAtPeakHeap.fetchQueueBytes),
         ("fetch_queue_messages", \.consumerAtPeakHeap.fetchQueueMessages),
         ("producer_queue", \.producerAtPeakHeap.producerQueueBytes),
         ("producer_queue_messages", \.producerAtPeakHeap.producerQueueMessages),
         ("peak_fetch_queue", \.peakFetchQueueBytes), ("peak_producer_queue", \.peakProducerQueueBytes),
         ("samples", \.samples)]
    }

    /// The breakdown in MiB, one line per level (the benchmark prints it; `run` logs the numbers).
    public var lines: [String] {
        func m(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
        let r = atPeakRSS, h = atPeakHeap, s = stateAtPeakHeap
        return [
            "peak RSS \(m(peakRSSBytes)) MiB; at the highest of \(samples) samples, RSS \(m(r.rssBytes)) = file-backed "
                + "\(m(r.fileBytes)) (binary, libraries) + anonymous \(m(r.anonymousBytes)) = heap in use "
                + "\(m(r.heapInUseBytes)) + other \(m(r.anonymousBytes - r.heapInUseBytes)) (malloc holds "
                + "\(m(r.heapFreeBytes)) freed; thread stacks, other mappings)",
            "heap at its peak \(m(h.heapInUseBytes)) (RSS \(m(h.rssBytes)) then) = windows \(m(s.windows)) "
                + "+ performance windows \(m(s.performanceWindows)) + references \(m(referenceBytes)) "
                + "+ model stage \(m(s.modelStage)) + label joins \(m(s.labelJoins)) + librdkafka consumer queue "
                + "\(m(consumerAtPeakHeap.fetchQueueBytes)) (payload of \(consumerAtPeakHeap.fetchQueueMessages) messages) "
                + "+ producer queue \(m(producerAtPeakHeap.producerQueueBytes)) + other \(m(otherHeapBytes)) "
                + "(unexplained: Swift objects, librdkafka buffers and ops)",
            "start-up (before consuming) RSS \(m(startUp.rssBytes)) = file-backed \(m(startUp.fileBytes)) "
                + "+ anonymous \(m(startUp.anonymousBytes)) (heap in use \(m(startUp.heapInUseBytes)), references included); "
                + "queue peaks: consumer \(m(peakFetchQueueBytes)), producer \(m(peakProducerQueueBytes))",
        ]
    }
}
