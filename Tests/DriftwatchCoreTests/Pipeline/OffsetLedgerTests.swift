import Testing
@testable import DriftwatchCore

@Suite struct OffsetLedgerTests {
    @Test func safeOffsetIsTheSmallestHoldOrNextOffset() {
        var ledger = OffsetLedger()
        #expect(ledger.safeOffset(source: .predictions, openMinimum: nil) == nil)
        for o in 0..<100 { ledger.consumed(source: .predictions, offset: Int64(o)) }
        #expect(ledger.safeOffset(source: .predictions, openMinimum: nil) == 100)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: 60) == 60)
        let window = ledger.open(messages: 3, holds: [10, nil])
        let dead = ledger.open(messages: 1, holds: [42, nil])
        #expect(ledger.safeOffset(source: .predictions, openMinimum: 60) == 10)
        ledger.acknowledge(group: window)
        ledger.acknowledge(group: window)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: 60) == 10, "one message of the window is still unacknowledged")
        ledger.acknowledge(group: window)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: 60) == 42)
        ledger.acknowledge(group: dead)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: 60) == 60)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: nil) == 100)
        #expect(ledger.pendingGroups == 0)
    }

    @Test func failedDeliveriesKeepTheirHoldAndSourcesAreIndependent() {
        var ledger = OffsetLedger()
        for o in 0..<10 { ledger.consumed(source: .predictions, offset: Int64(o)) }
        for o in 0..<5 { ledger.consumed(source: .labels, offset: Int64(o)) }
        let g = ledger.open(messages: 1, holds: [3, 2])
        ledger.fail(group: g)
        ledger.acknowledge(group: g)
        #expect(ledger.safeOffset(source: .predictions, openMinimum: nil) == 3)
        #expect(ledger.safeOffset(source: .labels, openMinimum: nil) == 2)
        #expect(ledger.failedGroups == 1)
        let empty = ledger.open(messages: 0, holds: [0, 0])
        _ = empty
        #expect(ledger.safeOffset(source: .predictions, openMinimum: nil) == 3, "a group without messages holds nothing")
    }
}
