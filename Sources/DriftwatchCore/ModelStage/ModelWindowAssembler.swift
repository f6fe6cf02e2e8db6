/// Forms one model's model windows from its partition windows' summaries, deterministically
/// (MODEL-STAGE-DESIGN "Model windows: the deterministic rule"):
///
/// - one FIFO per input partition, in index order; a summary whose index is below what the
///   partition already handed over (a duplicate, or one merged before a restore) is dropped, and
///   one that arrives ahead of a missing index waits for it (summaries reach the topic out of
///   order when a later one is delivered while an earlier one times out: the earlier one comes
///   back with the restarted owner's republication);
/// - while every *active* partition has a queued summary, the head with the smallest
///   (endTimeMs, partition, index) is merged into the open model window, which closes as soon as
///   it holds ≥ `windowSize` events (model window index k = 0, 1, 2, …);
/// - a partition is active unless `exclude(partition:)` was called (the runtime does so after
///   `window.max_age` of idleness: the one timing-dependent result); its next summary
///   re-includes it; excluding a partition that waits on a missing index skips the gap instead;
/// - `finish()` (end of input) merges everything queued and closes the last window as partial.
///
/// The result depends only on the partitions' sequences of summaries, not on how they are
/// interleaved on the summaries topic. Each summary carries its source position (offset in the
/// summaries topic-partition, increasing in arrival order) so the owner knows how far it may
/// commit: `minHeldPosition`.
public struct ModelWindowAssembler<S: MergeableSummary>: Sendable {
    public let windowSize: Int
    /// Index of the open (or next) model window.
    public private(set) var windowIndex: Int
    /// Summaries dropped as duplicates or as already merged.
    public private(set) var dropped = 0
    /// Missing indexes given up on (skipped after `window.max_age` or at the end of input).
    public private(set) var gapsSkipped = 0

    private struct Queued: Sendable {
        var summary: S
        var position: Int64
        var sub: SubWindow
    }

    private struct Lane: Sendable {
        var queue: [Queued] = []
        var head = 0
        /// The lowest index still accepted (one past the last queued or merged).
        var nextAccept: Int
        /// One past the last index merged into a closed model window.
        var closedNext: Int
        var excluded = false
        /// Summaries that arrived ahead of `nextAccept`, by index, until the missing ones come.
        var ahead: [Int: Queued] = [:]

        /// The head's sub-window alone: reading `first` copies (retains) a whole summary.
        var firstSub: SubWindow? { head < queue.count ? queue[head].sub : nil }

        mutating func popFirst() -> Queued {
            let item = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private struct OpenWindow: Sendable {
        var merged: S
        var parts: [SubWindow]
        var events: Int
        var minPosition: Int64
    }

    private var lanes: [Lane]
    private var open: OpenWindow?

    /// A fresh assembler for a model whose events come from `partitionCount` partitions
    /// (partitions seen later are added as they appear).
    public init(windowSize: Int, partitionCount: Int) {
        self.init(windowSize: windowSize, partitionCount: partitionCount, windowIndex: 0, nextExpected: [:], excluded: [])
    }

    /// An assembler restored from a model state: the next model window is `windowIndex` and
    /// partition p's summaries below `nextExpected[p]` are already merged and will be dropped.
    public init(windowSize: Int, partitionCount: Int, windowIndex: Int, nextExpected: [Int32: Int], excluded: Set<Int32>) {
        self.windowSize = max(1, windowSize)
        self.windowIndex = windowIndex
        let highest = max(Int(nextExpected.keys.max() ?? -1), Int(excluded.max() ?? -1))
        lanes = (0..<max(partitionCount, highest + 1, 1)).map { p in
            let next = nextExpected[Int32(p)] ?? 0
            var lane = Lane(nextAccept: next, closedNext: next)
            lane.excluded = excluded.contains(Int32(p))
            return lane
        }
    }

    public var partitionCount: Int { lanes.count }

    /// Per partition, the first partition-window index not in a closed model window.
    public var nextExpected: [Int32: Int] {
        Dictionary(uniqueKeysWithValues: lanes.indices.map { (Int32($0), lanes[$0].closedNext) })
    }

    public var excludedPartitions: Set<Int32> {
        Set(lanes.indices.filter { lanes[$0].excluded }.map { Int32($0) })
    }

    /// The smallest source position of any summary queued or in the open model window: the
    /// summaries topic must not be committed at or beyond it. nil when nothing is held.
    public var minHeldPosition: Int64? {
        var result = open?.minPosition
        for lane in lanes {
            // Queued positions increase in arrival order, but the head may have arrived after
            // some of the summaries that waited for it: every one of them counts.
            for item in lane.queue[lane.head...] { result = min(result ?? item.position, item.position) }
            for item in lane.ahead.values { result = min(result ?? item.position, item.position) }
        }
        return result
    }

    /// Active partitions with nothing queued while others wait on them (what `exclude` is for).
    public var waitingOn: [Int32] {
        guard lanes.contains(where: { $0.firstSub != nil }) else { return [] }
        return lanes.indices.filter { lanes[$0].firstSub == nil && !lanes[$0].excluded }.map { Int32($0) }
    }

    /// Events merged into the open model window so far.
    public var openEvents: Int { open?.events ?? 0 }

    /// Queues `summary` (unless it is a duplicate) and returns the model windows that close.
    public mutating func add(_ summary: S, position: Int64) -> [ClosedModelWindow<S>] {
        let p = Int(summary.partition)
        guard p >= 0 else {
            dropped += 1
            return []
        }
        growLanes(to: p)
        guard summary.index >= lanes[p].nextAccept, lanes[p].ahead[summary.index] == nil else {
            dropped += 1
            return []
        }
        lanes[p].excluded = false
        let item = Queued(summary: summary, position: position, sub: SubWindow(summary))
        if summary.index > lanes[p].nextAccept {
            lanes[p].ahead[summary.index] = item
            return drain(force: false)
        }
        lanes[p].queue.append(item)
        lanes[p].nextAccept = summary.index + 1
        releaseAhead(lane: p)
        return drain(force: false)
    }

    /// Moves the summaries that waited for the lane's next index into its queue, in order.
    private mutating func releaseAhead(lane p: Int) {
        while let item = lanes[p].ahead.removeValue(forKey: lanes[p].nextAccept) {
            lanes[p].queue.append(item)
            lanes[p].nextAccept += 1
        }
    }

    /// Gives up on the lane's missing indexes: what waited for them is queued in index order.
    private mutating func skipGaps(lane p: Int) {
        while let first = lanes[p].ahead.keys.min() {
            gapsSkipped += first - lanes[p].nextAccept
            lanes[p].nextAccept = first
            releaseAhead(lane: p)
        }
    }

    /// Leaves `partition` out until its next summary, and returns the windows that can now close.
    /// A partition that waits on a missing index is not left out: the gap is skipped instead.
    public mutating func exclude(partition: Int32) -> [ClosedModelWindow<S>] {
        guard partition >= 0 else { return [] }
        let p = Int(partition)
        growLanes(to: p)
        if lanes[p].ahead.isEmpty {
            lanes[p].excluded = true
        } else {
            skipGaps(lane: p)
        }
        return drain(force: false)
    }

    /// End of input: merges everything queued in order and closes the last window as partial.
    public mutating func finish() -> [ClosedModelWindow<S>] {
        for p in lanes.indices { skipGaps(lane: p) }
        var closed = drain(force: true)
        if open != nil { closed.append(close(partial: true)) }
        return closed
    }

    /// Adds lanes for a partition beyond the count given at init (the topic grew). They start
    /// inactive: a partition joins when its first summary arrives, never blocking before.
    private mutating func growLanes(to partition: Int) {
        while lanes.count <= partition {
            var lane = Lane(nextAccept: 0, closedNext: 0)
            lane.excluded = true
            lanes.append(lane)
        }
    }

    /// The lane whose head merges next, or nil when none may (an active lane is empty, unless
    /// `force`, or every lane is empty).
    private func nextLane(force: Bool) -> Int? {
        var best: Int?
        for i in lanes.indices {
            if let head = lanes[i].firstSub {
                if let b = best, !SubWindow.precedes(head, lanes[b].firstSub!) { continue }
                best = i
            } else if !force && !lanes[i].excluded {
                return nil
            }
        }
        return best
    }

    private mutating func drain(force: Bool) -> [ClosedModelWindow<S>] {
        var closed: [ClosedModelWindow<S>] = []
        while let lane = nextLane(force: force) {
            let item = lanes[lane].popFirst()
            if open != nil {
                // In place: a copy of `open` would make every merge copy the whole merged
                // summary's bin arrays (copy-on-write while `open` still holds them).
                open!.merged.merge(item.summary)
                open!.parts.append(item.sub)
                open!.events += item.sub.events
                open!.minPosition = min(open!.minPosition, item.position)
            } else {
                open = OpenWindow(merged: item.summary, parts: [item.sub], events: item.sub.events, minPosition: item.position)
            }
            if open!.events >= windowSize { closed.append(close(partial: false)) }
        }
        return closed
    }

    private mutating func close(partial: Bool) -> ClosedModelWindow<S> {
        let window = open!
        open = nil
        var spans: [Int32: PartitionSpan] = [:]
        for part in window.parts {
            let p = Int(part.partition)
            lanes[p].closedNext = max(lanes[p].closedNext, part.index + 1)
            if var span = spans[part.partition] {
                span.startOffset = min(span.startOffset, part.startOffset)
                span.endOffset = max(span.endOffset, part.endOffset)
                span.events += part.events
                spans[part.partition] = span
            } else {
                spans[part.partition] = PartitionSpan(partition: part.partition, startOffset: part.startOffset,
                                                      endOffset: part.endOffset, events: part.events)
            }
        }
        let info = WindowInfo.model(
            topic: window.merged.topic, index: windowIndex, partitions: Array(spans.values),
            startTimeMs: window.parts.map(\.startTimeMs).min()!, endTimeMs: window.parts.map(\.endTimeMs).max()!,
            partial: partial)
        let closed = ClosedModelWindow(index: windowIndex, merged: window.merged, parts: window.parts, partial: partial, info: info)
        windowIndex += 1
        return closed
    }
}
