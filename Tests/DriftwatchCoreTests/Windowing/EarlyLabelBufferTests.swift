import Testing
@testable import DriftwatchCore

/// Labels that come before their prediction (SPEC section 3: bounded state, counted, event time).
@Suite struct EarlyLabelBufferTests {
    static func label(_ offset: Int64, at time: Double?) -> EarlyLabel {
        EarlyLabel(label: .number(1), offset: offset, timeMs: time)
    }

    @Test func keepsTheNewestWithinCapacityAndCountsTheOverflow() {
        var buffer = EarlyLabelBuffer(capacity: 3, ttlMs: 1_000)
        for i in 0..<5 { buffer.add(eventID: "e\(i)", Self.label(Int64(i), at: 0)) }
        #expect(buffer.count == 3 && buffer.overflowed == 2)
        #expect(buffer.take(eventID: "e0", nowMs: 0) == nil, "the oldest left first")
        #expect(buffer.minOffset() == 2, "the labels commit holds the oldest waiting label")
        #expect(buffer.take(eventID: "e3", nowMs: 0)?.offset == 3)
        #expect(buffer.joined == 1 && buffer.count == 2)
    }

    @Test func expiresByEventTimeOnly() {
        var buffer = EarlyLabelBuffer(capacity: 10, ttlMs: 1_000)
        buffer.add(eventID: "a", Self.label(0, at: 100))
        buffer.add(eventID: "b", Self.label(1, at: 900))
        // A prediction at event time 1,100 is exactly 1,000 after "a": still within the ttl.
        #expect(buffer.take(eventID: "x", nowMs: 1_100) == nil)
        #expect(buffer.count == 2 && buffer.expired == 0)
        #expect(buffer.take(eventID: "b", nowMs: 1_101)?.offset == 1)
        #expect(buffer.expired == 1 && buffer.isEmpty, "\"a\" expired at 1,101")
        #expect(buffer.minOffset() == nil)
    }

    @Test func aLaterLabelForTheSameEventReplacesTheEarlierOne() {
        var buffer = EarlyLabelBuffer(capacity: 10, ttlMs: 1_000)
        buffer.add(eventID: "a", Self.label(0, at: 0))
        buffer.add(eventID: "a", Self.label(1, at: 0))
        #expect(buffer.replaced == 1 && buffer.count == 1)
        #expect(buffer.minOffset() == 1)
        #expect(buffer.take(eventID: "a", nowMs: 0)?.offset == 1)
    }
}
