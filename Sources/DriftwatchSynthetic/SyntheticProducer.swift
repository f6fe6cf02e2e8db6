import Dispatch
public import DriftwatchKafka
public import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Produces `SyntheticTraffic` events (keyed by event id) to a topic and waits until each one
/// has a delivery report. The one producer of synthetic load: `produce-synthetic`, the demo, the
/// benchmarks and the tests use it.
///
/// Optionally paced two ways: at most `rate` events/s, or (with `maxBacklog` and `consumed`) no
/// more than `maxBacklog` events ahead of a worker — the mock cluster deletes the oldest 5 MiB
/// of a partition, so a consumer must never fall that far behind.
public struct SyntheticProducer {
    public struct Outcome: Sendable {
        public var produced: Int
        public var bytes: Int
        public var failed: Int
        public var firstError: String?
    }

    public var brokers: String
    public var topic: String
    public var traffic: any SyntheticEventSource
    /// Events per second, 0 for as fast as possible.
    public var rate: Double = 0
    /// librdkafka properties over the defaults (linger 20 ms, 256 MiB of producer queue).
    public var properties: [String: String] = [:]

    public init(brokers: String, topic: String, traffic: any SyntheticEventSource) {
        self.brokers = brokers
        self.topic = topic
        self.traffic = traffic
    }

    /// Produces events `range` of the traffic. `consumed()` tells how many the worker has taken
    /// so far (with `maxBacklog`: paced against it); `progress` is called now and then with the
    /// number produced, and once at the end.
    public func produce(
        _ range: Range<Int>, maxBacklog: Int? = nil, consumed: (() -> Int)? = nil,
        progress: ((Int) -> Void)? = nil, logger: Logger
    ) throws -> Outcome {
        let tally = Tally()
        var configuration = KafkaProducerConfiguration(bootstrapServers: brokers)
        configuration.linger = .milliseconds(20)
        configuration.properties["queue.buffering.max.kbytes"] = "262144"
        configuration.properties.merge(properties) { _, configured in configured }
        let producer = try KafkaProducer.make(configuration: configuration, logger: logger) { report in
            tally.record(report)
        }
        guard try producer.topicPartitionCounts()[topic] != nil else {
            throw SyntheticProducerError(description: "topic '\(topic)' does not exist on \(brokers).")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var bytes = 0
        var produced = 0
        let chunk = 8_192
        var next = range.lowerBound
        while next < range.upperBound {
            let count = min(chunk, range.upperBound - next)
            let values = Self.generate(traffic, from: next, count: count)
            for (offset, value) in values.enumerated() {
                let index = next + offset
                if let maxBacklog, let consumed, produced % 500 == 0 {
                    while produced - consumed() > maxBacklog {
                        _ = try? producer.flush(timeout: .milliseconds(2))
                    }
                }
                let key = traffic.key(at: index)
                try key.withUnsafeBytes { keyBytes in
                    try value.withUnsafeBytes { valueBytes in
                        try producer.send(topic: topic, key: keyBytes, value: valueBytes, token: UInt64(index))
                    }
                }
                bytes += value.count
                produced += 1
                if produced % 5_000 == 0 { progress?(produced) }
                if rate > 0 && produced % 100 == 0 {
                    sleep(until: start + .seconds(Double(produced) / rate), clock: clock)
                }
            }
            next += count
        }
        try producer.close(timeout: .seconds(120))
        progress?(produced)
        return Outcome(
            produced: produced, bytes: bytes, failed: tally.failed.load(ordering: .relaxed),
            firstError: tally.firstError.withLock { $0 })
    }

    /// Events `from..<from+count`, generated on all cores.
    static func generate(_ traffic: any SyntheticEventSource, from start: Int, count: Int) -> [[UInt8]] {
        let slices = 8
        let results = Mutex<[[UInt8]]>(Array(repeating: [], count: count))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let lower = count * slice / slices
            let upper = count * (slice + 1) / slices
            let part = (lower..<upper).map { traffic.event(at: start + $0) }
            results.withLock { all in
                for (offset, value) in part.enumerated() { all[lower + offset] = value }
            }
        }
        return results.withLock { $0 }
    }

    /// Delivery failures, counted from the producer's delivery thread.
    private final class Tally: Sendable {
        let failed = Atomic<Int>(0)
        let firstError = Mutex<String?>(nil)

        func record(_ report: KafkaDeliveryReport) {
            guard let error = report.error else { return }
            failed.add(1, ordering: .relaxed)
            firstError.withLock { if $0 == nil { $0 = error.description } }
        }
    }
}

/// The topic to fill is missing (the producer would wait for it until its message timeout).
public struct SyntheticProducerError: Error, CustomStringConvertible {
    public var description: String
}

/// Blocks the producing thread until `deadline` (a plain thread, not the cooperative pool).
private func sleep(until deadline: ContinuousClock.Instant, clock: ContinuousClock) {
    let remaining = deadline - clock.now
    guard remaining > .zero else { return }
    let (seconds, attoseconds) = remaining.components
    var spec = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    nanosleep(&spec, nil)
}

/// Seeded, random-access synthetic traffic the producer can send: the demo's fraud-detector
/// events (`SyntheticTraffic`) or the LLM application's (`SyntheticLLMTraffic`).
public protocol SyntheticEventSource: Sendable {
    /// The JSON value of event `index`.
    func event(at index: Int) -> [UInt8]
    /// The Kafka message key of event `index`.
    func key(at index: Int) -> [UInt8]
}

extension SyntheticTraffic: SyntheticEventSource {}
extension SyntheticLLMTraffic: SyntheticEventSource {}
