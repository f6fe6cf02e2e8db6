/// Values keyed by event id in arrival order, oldest first out: the state both halves of the label
/// join keep (predictions waiting for their label, labels waiting for their prediction).
///
/// Per value this hashes the id once to add it and once more when it is taken or leaves from the
/// front: values are kept in arrival order with a live flag, and the dictionary maps an id to its
/// position in that order (positions count from the first value ever, so compacting the order
/// does not renumber them).
struct ArrivalOrderedMap<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var id: EventIDKey
        var value: Value
        /// False once taken, removed from the front, or replaced by a later value with the same id.
        var live: Bool
    }

    /// Id to its entry's position (`dropped` + index in `order`).
    private var positions: [EventIDKey: Int] = [:]
    /// Arrival order; entries before `head` are no longer live.
    private var order: [Entry] = []
    private var head = 0
    /// Entries removed from the front of `order` by compaction.
    private var dropped = 0

    var count: Int { positions.count }
    var isEmpty: Bool { positions.isEmpty }

    /// Appends `value` under `id`. True when it replaced a live value with the same id (the later
    /// one wins; the earlier one's place in the order is skipped).
    @discardableResult
    mutating func append(_ id: String, _ value: Value) -> Bool {
        let id = EventIDKey(id)
        let old = positions.updateValue(dropped &+ order.count, forKey: id)
        if let old { order[old &- dropped].live = false }
        order.append(Entry(id: id, value: value, live: true))
        return old != nil
    }

    /// The value under `id`, removed.
    mutating func take(_ id: String) -> Value? {
        guard !positions.isEmpty, let position = positions.removeValue(forKey: EventIDKey(id)) else { return nil }
        order[position &- dropped].live = false
        return order[position &- dropped].value
    }

    /// The oldest live value.
    mutating func oldest() -> Value? {
        skipStale()
        return head < order.count ? order[head].value : nil
    }

    /// Removes the oldest live value (no-op when empty).
    mutating func removeOldest() {
        skipStale()
        guard head < order.count else { return }
        positions.removeValue(forKey: order[head].id)
        order[head].live = false
        head += 1
        skipStale()
        // Compact once the dead prefix is both large and most of the array: amortised O(1).
        if head > 4096 && head * 2 > order.count {
            order.removeFirst(head)
            dropped &+= head
            head = 0
        }
    }

    /// Heap bytes `entries` live values take at least (memory breakdown): one arrival-order entry
    /// and one dictionary slot each, at the dictionary's 3/4 maximum load. Dead entries awaiting
    /// compaction and ids longer than 15 UTF-8 bytes (stored out of line) come on top.
    static func approximateBytes(entries: Int) -> Int {
        entries * (MemoryLayout<Entry>.stride + (MemoryLayout<String>.stride + MemoryLayout<Int>.stride) * 4 / 3)
    }

    mutating func removeAll() {
        positions.removeAll()
        dropped &+= order.count
        order.removeAll()
        head = 0
    }

    @inline(__always)
    private mutating func skipStale() {
        while head < order.count && !order[head].live { head += 1 }
    }
}

/// An event id with its hash computed once, by `SymbolTable.hash` over its UTF-8 bytes: the
/// dictionary then hashes 8 bytes instead of the whole string through `String`'s hashing, on
/// every insert and take and again for every key when it grows (a join holds up to
/// `labels.max_pending` ids). Equality is still the ids' (so nothing changes but speed; a
/// collision of the 64-bit hashes costs a probe, not a wrong match).
struct EventIDKey: Hashable, Sendable {
    let id: String
    let hash: UInt64

    @inline(__always)
    init(_ id: String) {
        var utf8 = id
        hash = utf8.withUTF8 { SymbolTable.hash($0.baseAddress, $0.count) }
        self.id = id
    }

    static func == (lhs: EventIDKey, rhs: EventIDKey) -> Bool { lhs.hash == rhs.hash && lhs.id == rhs.id }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
