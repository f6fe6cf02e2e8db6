import Dispatch
import DriftwatchKafka
import Foundation
import Logging
import Synchronization

/// When the fetcher may have stopped and needs a wake-up (see `FetchWaker`): pure, one per
/// consumer, fed after every poll.
struct FetchWakeRule {
    let limit: Int
    let lowWater: Int
    /// The queue reached the limit since the last wake-up: the fetcher may be stopped.
    private(set) var armed = false

    init(limit: Int, lowWater: Int) {
        self.limit = limit
        self.lowWater = lowWater
    }

    /// `queuedAfterPoll + taken` is the queue length before the poll took its batch; the queue
    /// only grows between polls, so that is the most librdkafka can have seen since the last.
    mutating func shouldWake(queuedAfterPoll queued: Int, taken: Int) -> Bool {
        if queued + taken >= limit { armed = true }
        guard armed, queued < lowWater else { return false }
        armed = false
        return true
    }
}

/// Keeps the prefetch small without stalling: librdkafka holds at most `queued.min.messages`
/// fetched messages for us, and this wakes its fetcher as soon as we drained them.
///
/// Why it is needed (librdkafka 2.0.2, see `KafkaConsumer.wakeFetchers`): once the consumer
/// queue reaches the limit, the broker thread stops fetching and looks again only on its next
/// wake-up, up to 1 s later, and nothing in draining the queue wakes it. With a small limit the
/// worker then runs dry for ~0.5 s per queueful (issue 11: 8 MiB took 49 s instead of 7.5 s).
///
/// How: the poll loop reports every poll (`afterPoll`). The queue only grows between two polls,
/// so `queued + taken` right after a poll is the most the fetcher can have seen since the
/// previous one: if it reached the limit, the fetcher may have stopped ("armed"). When the
/// queue then falls below `lowWater`, a helper thread sends each leader a ListOffsets request,
/// whose arrival makes the broker thread decide again and fetch. One wake-up per queueful, none
/// while the worker keeps up with the stream (the queue never reaches the limit).
///
/// `@unchecked Sendable`: the rule and the counters are touched only by the polling thread;
/// the helper thread shares only the atomics and the semaphore.
final class FetchWaker: @unchecked Sendable {
    /// librdkafka's limit on queued messages (`queued.min.messages`).
    let limit: Int
    /// Wake the fetchers when an armed queue holds fewer messages than this.
    let lowWater: Int
    private let consumer: KafkaConsumer
    private let logger: Logger
    private let signal = DispatchSemaphore(value: 0)
    private let pending = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private var rule: FetchWakeRule
    /// Wake-ups requested, and the most messages seen queued (before a poll took its batch).
    private(set) var wakeUps = 0
    private(set) var peakQueued = 0

    /// `properties`: the consumer's effective librdkafka properties (the limit is read there).
    init(consumer: KafkaConsumer, properties: [String: String], logger: Logger) {
        self.consumer = consumer
        self.logger = logger
        limit = properties["queued.min.messages"].flatMap { Int($0) } ?? 100_000
        lowWater = max(1, limit / 2)
        rule = FetchWakeRule(limit: limit, lowWater: lowWater)
    }

    /// Starts the helper thread.
    func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "driftwatch.fetch-waker"
        thread.start()
    }

    /// Called by the polling thread after each poll, with the number of messages it returned.
    @inline(__always)
    func afterPoll(taken: Int) {
        let queued = consumer.queuedMessages
        peakQueued = max(peakQueued, queued + taken)
        if rule.shouldWake(queuedAfterPoll: queued, taken: taken) {
            wakeUps += 1
            if !pending.exchange(true, ordering: .acquiringAndReleasing) { signal.signal() }
        }
    }

    /// Stops the helper thread (waits for a wake-up in progress). Call before closing the consumer.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        signal.signal()
        done.wait()
    }

    private func serve() {
        defer { done.signal() }
        var partitions: [KafkaTopicPartition] = []
        var refreshed = ContinuousClock.now
        while true {
            signal.wait()
            if stopped.load(ordering: .acquiring) { return }
            // Cleared before waking, not after: a request made while this wake-up is under way
            // (the fetcher may have stopped again meanwhile) gets a wake-up of its own.
            pending.store(false, ordering: .releasing)
            do {
                // The assignment changes only at rebalances; asking for it costs a round trip
                // to librdkafka's main thread, so it is refreshed at most once a second.
                if partitions.isEmpty || ContinuousClock.now - refreshed > .seconds(1) {
                    partitions = try consumer.assignment()
                    refreshed = ContinuousClock.now
                }
                try consumer.wakeFetchers(partitions)
            } catch {
                partitions = []
                logger.debug("pipeline.fetch_wake.failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
