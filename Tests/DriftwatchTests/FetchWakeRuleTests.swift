@testable import DriftwatchRuntime
import Testing

/// `FetchWakeRule`: when the poll loop asks for librdkafka's fetcher to be woken.
@Suite struct FetchWakeRuleTests {
    /// Feeds `polls` (messages left queued after the poll, messages it took) in order and
    /// returns which of them asked for a wake-up.
    private func wakes(_ rule: inout FetchWakeRule, _ polls: [(queued: Int, taken: Int)]) -> [Bool] {
        polls.map { rule.shouldWake(queuedAfterPoll: $0.queued, taken: $0.taken) }
    }

    @Test func wakesOnceAfterTheQueueReachedTheLimitAndDrained() {
        var rule = FetchWakeRule(limit: 12_000, lowWater: 6_000)
        // Below the limit the fetcher never stopped: no wake-up even with an empty queue.
        #expect(wakes(&rule, [(3_000, 5_000), (0, 3_000)]) == [false, false])
        // 9,000 left + 5,000 taken: the queue held 14,000 ≥ 12,000 before the poll, so the
        // fetcher may have stopped; it is still above the low-water mark.
        #expect(wakes(&rule, [(9_000, 5_000)]) == [false])
        #expect(rule.armed)
        // Drained below 6,000: wake, once.
        #expect(wakes(&rule, [(4_000, 5_000), (0, 4_000)]) == [true, false])
        #expect(!rule.armed)
    }

    @Test func aFullQueueSeenRightBeforeItDrainsStillWakes() {
        var rule = FetchWakeRule(limit: 100, lowWater: 50)
        // One poll took the whole queue of 100: armed and drained at once. The next fill, again
        // to the limit, arms it again.
        #expect(wakes(&rule, [(0, 100), (60, 40), (10, 50)]) == [true, false, true])
    }
}
