/// A prediction waiting for its delayed label.
public struct PendingPrediction: Sendable, Equatable {
    public var model: Symbol
    public var prediction: Outcome
    public var score: Double?
    public var version: Symbol?
    public var offset: Int64
    public var timeMs: Double

    public init(
        model: Symbol, prediction: Outcome, score: Double?, version: Symbol?, offset: Int64,
        timeMs: Double
    ) {
        self.model = model
        self.prediction = prediction
        self.score = score
        self.version = version
        self.offset = offset
        self.timeMs = timeMs
    }
}

/// Joins delayed labels to predictions by `event_id` within bounded state (SPEC section 3):
/// at most `maxPending` predictions, each kept at most `ttlMs` of event time. Oldest first out.
///
/// Per prediction this hashes the event id once to add it and once more when it is joined or
/// evicted: predictions are kept in arrival order with a live flag, and the dictionary maps an
/// event id to its position in that order (positions count from the first prediction ever, so
/// compacting the order does not renumber them).
public struct LabelJoin: Sendable {
    public let maxPending: Int
    public let ttlMs: Double

    private struct Entry: Sendable {
        var id: String
        var prediction: PendingPrediction
        /// False once joined, evicted or replaced by a later prediction with the same id.
        var live: Bool
    }

    /// Event id to its entry's position (`dropped` + index in `order`).
    private var pending: [String: Int] = [:]
    /// Arrival order; entries before `head` are no longer live.
    private var order: [Entry] = []
    private var head = 0
    /// Entries removed from the front of `order` by compaction.
    private var dropped = 0
    public private(set) var evicted = 0
    public private(set) var joined = 0
    public private(set) var unmatchedLabels = 0

    public init(maxPending: Int, ttlMs: Double) {
        self.maxPending = max(1, maxPending)
        self.ttlMs = ttlMs
    }

    public var pendingCount: Int { pending.count }

    /// Keeps a prediction until its label arrives, evicting the oldest beyond the bounds.
    public mutating func add(eventID: String, _ prediction: PendingPrediction) {
        if let old = pending.updateValue(dropped &+ order.count, forKey: eventID) {
            order[old &- dropped].live = false
        }
        order.append(Entry(id: eventID, prediction: prediction, live: true))
        evict(nowMs: prediction.timeMs)
    }

    /// The prediction this label completes, removed from the pending state.
    public mutating func match(eventID: String, nowMs: Double?) -> PendingPrediction? {
        if let nowMs { evict(nowMs: nowMs) }
        guard let position = pending.removeValue(forKey: eventID) else {
            unmatchedLabels += 1
            return nil
        }
        order[position &- dropped].live = false
        joined += 1
        return order[position &- dropped].prediction
    }

    /// Smallest offset of a pending prediction (it must not be committed before it is joined
    /// or evicted).
    public mutating func minPendingOffset() -> Int64? {
        skipStale()
        return head < order.count ? order[head].prediction.offset : nil
    }

    public mutating func removeAll() {
        pending.removeAll()
        dropped &+= order.count
        order.removeAll()
        head = 0
    }

    private mutating func evict(nowMs: Double) {
        skipStale()
        while head < order.count {
            let tooMany = pending.count > maxPending
            let tooOld = nowMs - order[head].prediction.timeMs > ttlMs
            guard tooMany || tooOld else { break }
            pending.removeValue(forKey: order[head].id)
            order[head].live = false
            evicted += 1
            head += 1
            skipStale()
        }
        if head > 4096 && head * 2 > order.count {
            order.removeFirst(head)
            dropped &+= head
            head = 0
        }
    }

    @inline(__always)
    private mutating func skipStale() {
        while head < order.count && !order[head].live { head += 1 }
    }
}
