import Dispatch
import DriftwatchCore
import DriftwatchKafka
import Logging
import Glibc
import Synchronization

/// Produces `SyntheticTraffic` events to a topic and waits until each one is acknowledged.
/// Used by `produce-synthetic`, the consume benchmark and the demo.
enum SyntheticProducer {
    struct Outcome: Sendable {
        var bytes: Int
        var failed: Int
        var firstError: String?
    }

    private final class Tally: Sendable {
        let failed = Atomic<Int>(0)
        let firstError = Mutex<String?>(nil)

        func record(_ report: KafkaDeliveryReport) {
            guard let error = report.error else { return }
            failed.add(1, ordering: .relaxed)
            firstError.withLock { if $0 == nil { $0 = error.description } }
        }
    }

    /// Events `range` of `traffic`, keyed by event id, at up to `rate` events/s (0: unlimited).
    static func produce(
        brokers: String, topic: String, events: Int, traffic: SyntheticTraffic, rate: Double = 0,
        configure: (inout KafkaProducerConfiguration) -> Void = { _ in }, logger: Logger
    ) throws -> Outcome {
        let tally = Tally()
        var configuration = KafkaProducerConfiguration(bootstrapServers: brokers)
        configuration.linger = .milliseconds(20)
        configuration.properties["queue.buffering.max.kbytes"] = "262144"
        configure(&configuration)
        let producer = try KafkaProducer.make(configuration: configuration, logger: logger) { report in
            tally.record(report)
        }
        guard try producer.topicPartitionCounts()[topic] != nil else {
            throw CommandFailure("Topic '\(topic)' does not exist on \(brokers)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var bytes = 0
        let chunk = 8_192
        var next = 0
        while next < events {
            let count = min(chunk, events - next)
            let values = generate(traffic, from: next, count: count)
            for (offset, value) in values.enumerated() {
                let index = next + offset
                let key = traffic.key(at: index)
                try key.withUnsafeBytes { keyBytes in
                    try value.withUnsafeBytes { valueBytes in
                        try producer.send(topic: topic, key: keyBytes, value: valueBytes, token: UInt64(index))
                    }
                }
                bytes += value.count
                if rate > 0 && index % 100 == 0 {
                    let due = start + .seconds(Double(index) / rate)
                    if clock.now < due { Thread_sleep(until: due, clock: clock) }
                }
            }
            next += count
        }
        try producer.close(timeout: .seconds(120))
        return Outcome(bytes: bytes, failed: tally.failed.load(ordering: .relaxed), firstError: tally.firstError.withLock { $0 })
    }

    /// Events `from..<from+count`, generated on all cores.
    static func generate(_ traffic: SyntheticTraffic, from start: Int, count: Int) -> [[UInt8]] {
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
}

/// Blocks the thread until `deadline` (the producer loop runs on a plain thread).
private func Thread_sleep(until deadline: ContinuousClock.Instant, clock: ContinuousClock) {
    let remaining = deadline - clock.now
    guard remaining > .zero else { return }
    let (seconds, attoseconds) = remaining.components
    var spec = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    nanosleep(&spec, nil)
}
