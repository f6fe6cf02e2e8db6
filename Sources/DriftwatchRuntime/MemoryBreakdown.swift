public import DriftwatchCore
public import DriftwatchKafka
import Foundation

/// Where `run`'s memory goes (issue 11), measured, not derived: the process's resident and
/// heap numbers (`ProcessMemory`) at start-up and at the sample with the highest RSS, the
/// pipeline state's own byte estimates and librdkafka's queues at that same sample, and the
/// peaks of heap and queues over all samples. Nothing is forced to add up: what the parts do
/// not cover is printed as "other".
public struct MemoryBreakdown: Sendable, Equatable {
    /// Before the first poll (after the configuration and references were loaded): the binary,
    /// Swift runtime, libraries, references and librdkafka's clients.
    public var startUp = ProcessMemory()
    /// The sample with the highest current RSS.
    public var atPeak = ProcessMemory()
    /// Windows, performance windows, label joins and the model stage's held summaries then.
    public var stateAtPeak = PipelineStateBytes()
    /// The consumer's and producer's queues at that sample (librdkafka statistics, ≤ 1 s old).
    public var consumerAtPeak = KafkaClientStatistics()
    public var producerAtPeak = KafkaClientStatistics()
    /// The references in memory (constant after start-up).
    public var referenceBytes = 0
    /// Highest over all samples.
    public var peakHeapInUseBytes = 0
    public var peakFetchQueueBytes = 0
    public var peakProducerQueueBytes = 0
    /// `VmHWM` at the last sample: the peak RSS, which may fall between samples.
    public var peakRSSBytes = 0
    public var samples = 0

    public init() {}

    /// Heap in use at the peak sample that no part above accounts for (Swift objects and
    /// runtime metadata, librdkafka's buffers and ops beyond the queued payloads, …).
    public var otherHeapBytes: Int {
        atPeak.heapInUseBytes - stateAtPeak.windows - stateAtPeak.performanceWindows - stateAtPeak.labelJoins
            - stateAtPeak.modelStage
            - referenceBytes - consumerAtPeak.fetchQueueBytes - producerAtPeak.producerQueueBytes
    }

    /// Resident anonymous memory beyond the heap in use: malloc's free but resident pages,
    /// thread stacks, mappings made without malloc.
    public var otherAnonymousBytes: Int { atPeak.anonymousBytes - atPeak.heapInUseBytes }

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
         ("peak_rss", \.peakRSSBytes), ("rss", \.atPeak.rssBytes), ("rss_file", \.atPeak.fileBytes),
         ("rss_anon", \.atPeak.anonymousBytes), ("heap_in_use", \.atPeak.heapInUseBytes),
         ("heap_mapped", \.atPeak.heapMappedBytes), ("heap_free", \.atPeak.heapFreeBytes),
         ("windows", \.stateAtPeak.windows), ("performance_windows", \.stateAtPeak.performanceWindows),
         ("label_joins", \.stateAtPeak.labelJoins),
         ("model_stage", \.stateAtPeak.modelStage), ("references", \.referenceBytes),
         ("fetch_queue", \.consumerAtPeak.fetchQueueBytes), ("fetch_queue_messages", \.consumerAtPeak.fetchQueueMessages),
         ("producer_queue", \.producerAtPeak.producerQueueBytes),
         ("producer_queue_messages", \.producerAtPeak.producerQueueMessages),
         ("peak_heap_in_use", \.peakHeapInUseBytes), ("peak_fetch_queue", \.peakFetchQueueBytes),
         ("peak_producer_queue", \.peakProducerQueueBytes), ("samples", \.samples)]
    }

    /// The breakdown in MiB, one line per level (the benchmark prints it; `run` logs the numbers).
    public var lines: [String] {
        func m(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
        return [
            "RSS \(m(atPeak.rssBytes)) MiB at the sample with the highest RSS (peak \(m(peakRSSBytes)), \(samples) samples) "
                + "= file-backed \(m(atPeak.fileBytes)) (binary, libraries) + anonymous \(m(atPeak.anonymousBytes))",
            "anonymous \(m(atPeak.anonymousBytes)) = heap in use \(m(atPeak.heapInUseBytes)) "
                + "(\(m(atPeak.heapMappedBytes)) in own mappings) + other \(m(otherAnonymousBytes)) "
                + "(free heap pages, thread stacks, other mappings; malloc holds \(m(atPeak.heapFreeBytes)) free)",
            "heap in use \(m(atPeak.heapInUseBytes)) = windows \(m(stateAtPeak.windows)) "
                + "+ performance windows \(m(stateAtPeak.performanceWindows)) + references \(m(referenceBytes)) "
                + "+ model stage \(m(stateAtPeak.modelStage)) + label joins \(m(stateAtPeak.labelJoins)) "
                + "+ librdkafka consumer queue \(m(consumerAtPeak.fetchQueueBytes)) (payload of \(consumerAtPeak.fetchQueueMessages) messages) "
                + "+ producer queue \(m(producerAtPeak.producerQueueBytes)) + other heap \(m(otherHeapBytes)) (unexplained: Swift objects, librdkafka buffers and ops)",
            "start-up (before consuming) RSS \(m(startUp.rssBytes)) = file-backed \(m(startUp.fileBytes)) "
                + "+ anonymous \(m(startUp.anonymousBytes)) (heap in use \(m(startUp.heapInUseBytes)), references included); "
                + "peaks over samples: heap \(m(peakHeapInUseBytes)), consumer queue \(m(peakFetchQueueBytes)), producer queue \(m(peakProducerQueueBytes))",
        ]
    }
}
