/// Assigns one topic-partition's events to tumbling count windows per model (SPEC section 4)
/// and closes them by the `WindowTrigger`. Owned by one partition processor; deterministic:
/// the same events in the same order close the same windows.
public struct WindowAssigner: Sendable {
    public let topic: String
    public let partition: Int32
    public let trigger: WindowTrigger

    private struct ModelState: Sendable {
        var buffer: WindowBuffer?
        var nextIndex = 0
        var deadline = Double.infinity
        /// Events below this offset belong to windows a previous owner published (restored state).
        var resumeOffset = Int64.min
    }

    /// Per model, indexed by the model symbol id (dense).
    private var models: [ModelState?] = []
    /// A lower bound of the open windows' deadlines (infinity without max age or open windows):
    /// deadlines only move later as events arrive, so reaching it costs one exact rescan.
    private var nextDeadline = Double.infinity

    public init(topic: String, partition: Int32, trigger: WindowTrigger) {
        self.topic = topic
        self.partition = partition
        self.trigger = trigger
    }

    /// Adds an event; windows that close are appended to `closed` in a deterministic order.
    /// Returns false, adding nothing, for an event of a window already published by a previous
    /// owner of the partition (below the model's restored resume offset).
    @inline(__always) @discardableResult
    public mutating func add(
        _ event: PredictionEvent, offset: Int64, timeMs: Double, closed: inout [ClosedWindow]
    ) -> Bool {
        // Expiry first, even for a skipped event: in the uninterrupted run this event's time
        // closed the other models' old windows here too.
        if timeMs >= nextDeadline { expire(nowMs: timeMs, closed: &closed) }
        let id = Int(event.modelID.id)
        if id >= models.count {
            models.append(contentsOf: repeatElement(nil, count: id + 1 - models.count))
        }
        if models[id] == nil { models[id] = ModelState() }
        if offset < models[id]!.resumeOffset { return false }
        if models[id]!.buffer == nil {
            models[id]!.buffer = WindowBuffer(capacity: min(trigger.size, 1 << 16))
            models[id]!.deadline = -.infinity
        }
        // Idle time counts from the latest event time (event times may step back a little).
        let deadline = trigger.deadline(lastEventTimeMs: timeMs)
        if deadline > models[id]!.deadline {
            models[id]!.deadline = deadline
            if deadline < nextDeadline { nextDeadline = deadline }
        }
        models[id]!.buffer!.append(event, offset: offset, timeMs: timeMs)
        if trigger.isFull(events: models[id]!.buffer!.events) {
            closed.append(close(model: id, partial: false))
        }
        return true
    }

    /// Continues `model`'s windows where a previous owner left them: the next window gets
    /// `nextIndex`, and the model's events below `resumeOffset` are skipped (already published).
    public mutating func restore(model: Symbol, nextIndex: Int, resumeOffset: Int64) {
        let id = Int(model.id)
        if id >= models.count {
            models.append(contentsOf: repeatElement(nil, count: id + 1 - models.count))
        }
        var state = models[id] ?? ModelState()
        state.nextIndex = nextIndex
        state.resumeOffset = resumeOffset
        models[id] = state
    }

    /// Every model this assigner has seen or restored, with the index of its open (or next)
    /// window and the open window's first offset (nil when none is open).
    public var positions: [(model: Symbol, nextIndex: Int, openStart: Int64?)] {
        models.indices.compactMap { id in
            models[id].map { (Symbol(id: Int32(id)), $0.nextIndex, $0.buffer?.startOffset) }
        }
    }

    /// Closes, as partial, every window idle for the max age at event time `nowMs`.
    public mutating func expire(nowMs: Double, closed: inout [ClosedWindow]) {
        var due: [(Int64, Int)] = []
        var next = Double.infinity
        for id in models.indices {
            guard let state = models[id], let buffer = state.buffer else { continue }
            if state.deadline <= nowMs {
                due.append((buffer.startOffset, id))
            } else if state.deadline < next {
                next = state.deadline
            }
        }
        nextDeadline = next
        for (_, id) in due.sorted(by: { $0.0 < $1.0 }) {
            closed.append(close(model: id, partial: true))
        }
    }

    /// Closes every open window as partial, oldest first (end of a replay's input, SPEC section 2).
    public mutating func closeAll(closed: inout [ClosedWindow]) {
        let open = models.indices.compactMap { id in models[id]?.buffer.map { ($0.startOffset, id) } }
        for (_, id) in open.sorted(by: { $0.0 < $1.0 }) { closed.append(close(model: id, partial: true)) }
        nextDeadline = .infinity
    }

    private mutating func close(model id: Int, partial: Bool) -> ClosedWindow {
        let buffer = models[id]!.buffer!
        let index = models[id]!.nextIndex
        models[id]!.buffer = nil
        models[id]!.nextIndex = index + 1
        models[id]!.deadline = .infinity
        let key = WindowKey(topic: topic, partition: partition, model: Symbol(id: Int32(id)))
        let info = WindowInfo(
            topic: topic, partition: partition,
            startOffset: buffer.startOffset, endOffset: buffer.endOffset,
            events: buffer.events, index: index,
            startTimeMs: buffer.startTimeMs, endTimeMs: buffer.endTimeMs, partial: partial)
        return ClosedWindow(key: key, info: info, buffer: buffer)
    }

    /// Smallest first offset of any open window: nothing at or after it may be committed.
    public var minOpenOffset: Int64? {
        var result: Int64?
        for case let state? in models {
            if let b = state.buffer, result == nil || b.startOffset < result! { result = b.startOffset }
        }
        return result
    }

    /// Number of events in open windows.
    public var openEvents: Int {
        models.reduce(0) { $0 + ($1?.buffer?.events ?? 0) }
    }

    /// Heap bytes of the open windows' buffers (`WindowBuffer.approximateBytes`; memory breakdown).
    public var openWindowBytes: Int {
        models.reduce(0) { $0 + ($1?.buffer?.approximateBytes ?? 0) }
    }

    /// Drops every open window (on revoke or shutdown); they are rebuilt from uncommitted offsets.
    public mutating func dropOpenWindows() {
        for id in models.indices where models[id] != nil {
            models[id]!.buffer = nil
            models[id]!.deadline = .infinity
        }
        nextDeadline = .infinity
    }
}
