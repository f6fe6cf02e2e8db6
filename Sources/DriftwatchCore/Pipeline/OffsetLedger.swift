/// At-least-once bookkeeping for one partition processor (SPEC section 7).
///
/// Sources are the topic-partitions a processor reads (`InputSource`). Every group
/// of outputs (a closed window's messages, a dead letter) holds the smallest input offset it
/// was built from, per source, until each of its messages has a delivery report. The safe
/// offset of a source — what may be committed — is the smallest of: the first offset of any
/// open window (given by the caller), the holds of unacknowledged groups, and the next offset
/// to consume.
public struct OffsetLedger: Sendable {
    public static let sourceCount = InputSource.allCases.count

    private struct Group: Sendable {
        var remaining: Int
        var holds: [Int64?]
        var failed = false
    }

    private var groups: [Int64: Group] = [:]
    private var nextGroup: Int64 = 0
    /// Next offset to consume per source (nil until the first message).
    public private(set) var next: [Int64?] = Array(repeating: nil, count: sourceCount)
    /// Groups whose delivery failed for good: their holds stay until restart.
    public private(set) var failedGroups = 0

    public init() {}

    /// Output groups still waiting for delivery reports.
    public var pendingGroups: Int { groups.count }

    /// Records that `offset` of `source` has been consumed.
    @inline(__always)
    public mutating func consumed(source: InputSource, offset: Int64) {
        if let n = next[source.rawValue], n > offset + 1 { return }
        next[source.rawValue] = offset + 1
    }

    /// Opens a group of `messages` outputs holding `holds` (indexed by `InputSource.rawValue`); returns its id.
    /// With no messages nothing needs to be held and the id is still returned (already released).
    public mutating func open(messages: Int, holds: [Int64?]) -> Int64 {
        let id = nextGroup
        nextGroup += 1
        if messages > 0 { groups[id] = Group(remaining: messages, holds: holds) }
        return id
    }

    /// Whether `group` still waits for delivery reports (or failed).
    public func isPending(group: Int64) -> Bool { groups[group] != nil }

    /// One message of `group` was acknowledged by the brokers.
    public mutating func acknowledge(group: Int64) {
        guard var g = groups[group] else { return }
        g.remaining -= 1
        if g.remaining <= 0 && !g.failed { groups.removeValue(forKey: group) } else { groups[group] = g }
    }

    /// One message of `group` could not be delivered: its holds stay (the input is reprocessed
    /// by whoever next owns the partition).
    public mutating func fail(group: Int64) {
        guard var g = groups[group] else { return }
        if !g.failed { failedGroups += 1 }
        g.failed = true
        groups[group] = g
    }

    /// The offset that may be committed for `source`, given the smallest offset of its open
    /// windows or pending state; nil when nothing has been consumed.
    public func safeOffset(source: InputSource, openMinimum: Int64?) -> Int64? {
        guard var safe = next[source.rawValue] else { return nil }
        if let o = openMinimum, o < safe { safe = o }
        for g in groups.values {
            if let h = g.holds[source.rawValue], h < safe { safe = h }
        }
        return safe
    }
}
