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
/// at most `maxPending` predictions, each kept at most `ttlMs` of event time. Oldest first out
/// (`ArrivalOrderedMap`).
public struct LabelJoin: Sendable {
    public let maxPending: Int
    public let ttlMs: Double

    private var pending = ArrivalOrderedMap<PendingPrediction>()
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
        pending.append(eventID, prediction)
        evict(nowMs: prediction.timeMs)
    }

    /// The prediction this label completes, removed from the pending state.
    public mutating func match(eventID: String, nowMs: Double?) -> PendingPrediction? {
        if let nowMs { evict(nowMs: nowMs) }
        guard let prediction = pending.take(eventID) else {
            unmatchedLabels += 1
            return nil
        }
        joined += 1
        return prediction
    }

    /// Smallest offset of a pending prediction (it must not be committed before it is joined
    /// or evicted).
    public mutating func minPendingOffset() -> Int64? {
        pending.oldest()?.offset
    }

    public mutating func removeAll() {
        pending.removeAll()
    }

    private mutating func evict(nowMs: Double) {
        while let oldest = pending.oldest() {
            let tooMany = pending.count > maxPending
            let tooOld = nowMs - oldest.timeMs > ttlMs
            guard tooMany || tooOld else { break }
            pending.removeOldest()
            evicted += 1
        }
    }
}
