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
public struct LabelJoin: Sendable {
    public let maxPending: Int
    public let ttlMs: Double
    private var pending: [String: PendingPrediction] = [:]
    /// Arrival order for eviction; entries whose prediction has been joined are skipped lazily.
    private var order: [(id: String, offset: Int64, timeMs: Double)] = []
    private var head = 0
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
        pending[eventID] = prediction
        order.append((eventID, prediction.offset, prediction.timeMs))
        evict(nowMs: prediction.timeMs)
    }

    /// The prediction this label completes, removed from the pending state.
    public mutating func match(eventID: String, nowMs: Double?) -> PendingPrediction? {
        if let nowMs { evict(nowMs: nowMs) }
        guard let found = pending.removeValue(forKey: eventID) else {
            unmatchedLabels += 1
            return nil
        }
        joined += 1
        return found
    }

    /// Smallest offset of a pending prediction (it must not be committed before it is joined
    /// or evicted).
    public mutating func minPendingOffset() -> Int64? {
        skipStale()
        return head < order.count ? order[head].offset : nil
    }

    public mutating func removeAll() {
        pending.removeAll()
        order.removeAll()
        head = 0
    }

    private mutating func evict(nowMs: Double) {
        skipStale()
        while head < order.count {
            let oldest = order[head]
            let tooMany = pending.count > maxPending
            let tooOld = nowMs - oldest.timeMs > ttlMs
            guard tooMany || tooOld else { break }
            if let p = pending[oldest.id], p.offset == oldest.offset {
                pending.removeValue(forKey: oldest.id)
                evicted += 1
            }
            head += 1
            skipStale()
        }
        if head > 4096 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    private mutating func skipStale() {
        while head < order.count {
            let e = order[head]
            if let p = pending[e.id], p.offset == e.offset { return }
            head += 1
        }
    }
}
