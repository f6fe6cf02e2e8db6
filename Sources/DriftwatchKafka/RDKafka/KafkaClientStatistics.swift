import Crdkafka
import Synchronization

/// What librdkafka's statistics (`statistics.interval.ms`, STATISTICS.md) say a client holds
/// in memory: messages fetched and waiting for the application, and messages produced and
/// waiting for delivery. The memory breakdown of `run` samples it (issue 11).
///
/// Only a few numbers are read, by scanning the JSON for their keys (the document is tens of
/// kilobytes per second; nothing else of it is needed).
public struct KafkaClientStatistics: Sendable, Equatable {
    /// Payload bytes of fetched messages waiting in the consumer queue (the decompressed fetch
    /// buffers they point into can be larger). The largest `fetchq_size` of any topic-partition,
    /// not their sum: a group consumer's partition fetch queues are forwarded to its one consumer
    /// queue, and librdkafka reports a forwarded queue's numbers as those of its destination, so
    /// every assigned partition reports the same total (summing counted it once per partition).
    public var fetchQueueBytes = 0
    /// The largest `fetchq_cnt`: fetched messages waiting in the consumer queue.
    public var fetchQueueMessages = 0
    /// Top-level `msg_size`: bytes of produced messages not yet delivered (producer queue).
    public var producerQueueBytes = 0
    /// Top-level `msg_cnt`: produced messages not yet delivered.
    public var producerQueueMessages = 0
    /// Top-level `replyq`: operations waiting on the client's main queue.
    public var replyQueue = 0

    public init() {}

    /// The numbers of one statistics document (absent keys count 0).
    public init(json: UnsafeBufferPointer<UInt8>) {
        fetchQueueBytes = Self.largest("\"fetchq_size\":", in: json)
        fetchQueueMessages = Self.largest("\"fetchq_cnt\":", in: json)
        producerQueueBytes = Self.first("\"msg_size\":", in: json)
        producerQueueMessages = Self.first("\"msg_cnt\":", in: json)
        replyQueue = Self.first("\"replyq\":", in: json)
    }

    /// The largest integer after any occurrence of `key` (which includes its quotes and colon,
    /// so `"msg_cnt":` does not match `"outbuf_msg_cnt":`).
    static func largest(_ key: String, in json: UnsafeBufferPointer<UInt8>) -> Int {
        var result = 0
        forEachValue(of: key, in: json) { result = max(result, $0); return true }
        return result
    }

    /// The integer after the first occurrence of `key` (the top level comes first in the document).
    static func first(_ key: String, in json: UnsafeBufferPointer<UInt8>) -> Int {
        var found = 0
        forEachValue(of: key, in: json) { found = $0; return false }
        return found
    }

    private static func forEachValue(of key: String, in json: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        let pattern = Array(key.utf8)
        guard let first = pattern.first, json.count >= pattern.count else { return }
        var i = 0
        let end = json.count - pattern.count
        while i <= end {
            if json[i] == first && pattern.indices.allSatisfy({ json[i + $0] == pattern[$0] }) {
                var j = i + pattern.count
                while j < json.count && json[j] == UInt8(ascii: " ") { j += 1 }
                var negative = false
                if j < json.count && json[j] == UInt8(ascii: "-") { negative = true; j += 1 }
                var value = 0
                while j < json.count, json[j] >= UInt8(ascii: "0"), json[j] <= UInt8(ascii: "9") {
                    value = value &* 10 &+ Int(json[j] - UInt8(ascii: "0"))
                    j += 1
                }
                if !body(negative ? -value : value) { return }
                i = j
            } else {
                i += 1
            }
        }
    }
}

/// librdkafka's statistics callback (on the thread that polls the client's main queue: the
/// consumer's poll, the producer's service loop): keeps the latest numbers. Returns 0, so
/// librdkafka frees the document.
func rdKafkaStatsCallback(
    _ rk: OpaquePointer?, _ json: UnsafeMutablePointer<CChar>?, _ length: Int, _ opaque: UnsafeMutableRawPointer?
) -> Int32 {
    guard let callbacks = RDKafkaCallbacks.from(opaque), let json else { return 0 }
    let statistics = json.withMemoryRebound(to: UInt8.self, capacity: length) {
        KafkaClientStatistics(json: UnsafeBufferPointer(start: $0, count: length))
    }
    callbacks.statistics.withLock { $0 = statistics }
    return 0
}

extension KafkaConsumer {
    /// The latest statistics, once `statistics.interval.ms` is set and an interval has passed.
    public var statistics: KafkaClientStatistics? { client.callbacks.statistics.withLock { $0 } }
}

extension KafkaProducer {
    /// The latest statistics, once `statistics.interval.ms` is set and an interval has passed.
    public var statistics: KafkaClientStatistics? { client.callbacks.statistics.withLock { $0 } }
}
