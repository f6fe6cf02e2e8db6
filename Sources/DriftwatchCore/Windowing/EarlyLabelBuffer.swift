/// A delayed label that arrived before its prediction (labels and predictions are two topics;
/// nothing orders one against the other).
public struct EarlyLabel: Sendable, Equatable {
    public var label: Outcome
    /// Offset of the label message in the labels topic-partition (held back from commits while
    /// the label waits, so a restart re-reads it).
    public var offset: Int64
    /// Event time of the label (nil when it had none: then only the size bound removes it).
    public var timeMs: Double?

    public init(label: Outcome, offset: Int64, timeMs: Double?) {
        self.label = label
        self.offset = offset
        self.timeMs = timeMs
    }
}

/// Labels waiting for their prediction, by `event_id`, within bounded state (SPEC section 3:
/// `labels.max_early` labels, each kept at most `labels.ttl` of event time). Oldest first out;
/// every label that leaves without its prediction is counted (`overflowed` or `expired`), never
/// dropped silently. Time is event time only (the newest prediction's or label's), so the same
/// input in the same order gives the same joins.
public struct EarlyLabelBuffer: Sendable {
    public let capacity: Int
    public let ttlMs: Double

    private var waiting = ArrivalOrderedMap<EarlyLabel>()
    /// Labels removed because the buffer was full (oldest first).
    public private(set) var overflowed = 0
    /// Labels removed because their prediction did not come within `ttlMs` of event time.
    public private(set) var expired = 0
    /// Labels replaced by a later label with the same event id (the later one wins, as in
    /// `LabelJoin` for predictions).
    public private(set) var replaced = 0
    /// Labels joined to a prediction that arrived after them.
    public private(set) var joined = 0

    public init(capacity: Int, ttlMs: Double) {
        self.capacity = max(1, capacity)
        self.ttlMs = ttlMs
    }

    public var count: Int { waiting.count }
    public var isEmpty: Bool { waiting.isEmpty }

    /// Keeps `label` until its prediction arrives, removing the oldest beyond the bounds.
    public mutating func add(eventID: String, _ label: EarlyLabel) {
        if waiting.append(eventID, label) { replaced += 1 }
        expire(nowMs: label.timeMs)
    }

    /// The label waiting for this prediction, removed from the buffer.
    public mutating func take(eventID: String, nowMs: Double) -> EarlyLabel? {
        expire(nowMs: nowMs)
        guard let label = waiting.take(eventID) else { return nil }
        joined += 1
        return label
    }

    /// Smallest labels-topic offset still waiting (not to be committed). Labels arrive in offset
    /// order, so the oldest waiting label has the smallest offset.
    public mutating func minOffset() -> Int64? {
        waiting.oldest()?.offset
    }

    public mutating func removeAll() {
        waiting.removeAll()
    }

    /// Removes labels beyond `capacity` (overflow) and, with a time, those older than `ttlMs`.
    public mutating func expire(nowMs: Double?) {
        while let oldest = waiting.oldest() {
            let full = waiting.count > capacity
            var old = false
            if !full, let nowMs, let t = oldest.timeMs { old = nowMs - t > ttlMs }
            guard full || old else { break }
            waiting.removeOldest()
            if full { overflowed += 1 } else { expired += 1 }
        }
    }
}
