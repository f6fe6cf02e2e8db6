/// A labelled prediction: the model's output, the ground truth and the score, with where the
/// prediction (and, for a delayed label, the label message) came from.
public struct LabelledPair: Sendable, Equatable {
    public var prediction: Outcome
    public var label: Outcome
    public var score: Double?
    public var version: Symbol?
    /// Offset of the prediction in the predictions topic-partition.
    public var predictionOffset: Int64
    /// Offset of the label message in the labels topic-partition; nil for an immediate label.
    public var labelOffset: Int64?
    public var timeMs: Double

    public init(
        prediction: Outcome, label: Outcome, score: Double?, version: Symbol?,
        predictionOffset: Int64, labelOffset: Int64?, timeMs: Double
    ) {
        self.prediction = prediction
        self.label = label
        self.score = score
        self.version = version
        self.predictionOffset = predictionOffset
        self.labelOffset = labelOffset
        self.timeMs = timeMs
    }
}

/// The pairs of one performance window, as columns.
public struct PerformanceBuffer: Sendable {
    public private(set) var predictions: [Outcome] = []
    public private(set) var labels: [Outcome] = []
    /// Scores, aligned with `predictions` (NaN when the event had no score).
    public private(set) var scores: [Double] = []
    public private(set) var versions: [Symbol?] = []
    public private(set) var minPredictionOffset = Int64.max
    public private(set) var maxPredictionOffset = Int64.min
    /// Smallest label-topic offset among delayed labels (nil when all labels were immediate).
    public private(set) var minLabelOffset: Int64?
    public private(set) var startTimeMs = Double.infinity
    public private(set) var endTimeMs = -Double.infinity

    public init(capacity: Int) {
        predictions.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
        scores.reserveCapacity(capacity)
    }

    public var count: Int { predictions.count }

    mutating func append(_ pair: LabelledPair) {
        predictions.append(pair.prediction)
        labels.append(pair.label)
        scores.append(pair.score ?? .nan)
        versions.append(pair.version)
        minPredictionOffset = min(minPredictionOffset, pair.predictionOffset)
        maxPredictionOffset = max(maxPredictionOffset, pair.predictionOffset)
        if let l = pair.labelOffset { minLabelOffset = min(minLabelOffset ?? l, l) }
        startTimeMs = min(startTimeMs, pair.timeMs)
        endTimeMs = max(endTimeMs, pair.timeMs)
    }
}

/// A closed performance window (SPEC section 4: closes at `window.size` labelled pairs).
public struct ClosedPerformanceWindow: Sendable {
    public var key: WindowKey
    public var info: WindowInfo
    public var buffer: PerformanceBuffer
    /// Where the window started, for the next owner while its outputs are unacknowledged.
    public var start: PartitionWindowState.PerformanceResume
    /// Pairs of labels from the labels topic: the window also publishes a performance summary.
    public var fromLabelsTopic = false
}

/// Assigns labelled pairs to per-model performance windows of one partition.
///
/// Pairs form in two places: when a prediction arrives (inline label, or a label that came
/// first) and when a delayed label arrives. Within one model each kind forms in increasing
/// offset of its own topic (predictions, resp. labels), so a window's start is two offsets:
/// pairs formed at a prediction below `predictionOffset`, or at a label below `labelOffset`,
/// belong to earlier windows. A restored processor skips those (`restore`), so after re-reading
/// from the committed offsets the model's next window holds the same pairs with the same index.
public struct PerformanceAssigner: Sendable {
    public typealias Start = PartitionWindowState.PerformanceResume

    public let topic: String
    public let partition: Int32
    public let size: Int
    /// Holds labels-topic pairs (its windows publish performance summaries).
    public let labelsTopic: Bool
    /// Open windows and next window index per model, indexed by the model symbol id (dense).
    private var open: [PerformanceBuffer?] = []
    private var nextIndex: [Int] = []
    /// Start of each open window (index and the two offsets).
    private var openStart: [Start?] = []
    /// Restored starts: pairs before them were published by a previous owner.
    private var resume: [Start?] = []

    public init(topic: String, partition: Int32, size: Int, labelsTopic: Bool = false) {
        self.topic = topic
        self.partition = partition
        self.size = max(1, size)
        self.labelsTopic = labelsTopic
    }

    /// Adds a pair formed at a prediction (`formedAtLabel` false) or at a delayed label; `next`
    /// is what the partition has consumed so far (one past the last offset of each topic).
    /// Returns false when the pair belongs to a window a previous owner published (skipped).
    @discardableResult
    public mutating func add(
        _ pair: LabelledPair, model: Symbol, formedAtLabel: Bool = false,
        next: (predictions: Int64, labels: Int64) = (0, 0), closed: inout [ClosedPerformanceWindow]
    ) -> Bool {
        let id = Int(model.id)
        grow(to: id)
        if let r = resume[id] {
            let before = formedAtLabel ? (pair.labelOffset ?? 0) < r.labelOffset : pair.predictionOffset < r.predictionOffset
            if before { return false }
        }
        if open[id] == nil {
            // A small start that grows as pairs come: only some events carry labels, and each
            // of N partitions holds a window of up to `size` pairs, so reserving `size` up
            // front held 17 MiB of `make bench`'s 50 MiB heap peak (40 partitions).
            open[id] = PerformanceBuffer(capacity: min(size, 512))
            openStart[id] = Start(
                nextIndex: nextIndex[id],
                predictionOffset: formedAtLabel ? next.predictions : pair.predictionOffset,
                labelOffset: formedAtLabel ? (pair.labelOffset ?? next.labels) : next.labels)
        }
        open[id]!.append(pair)
        if open[id]!.count >= size { closed.append(close(id, partial: false)) }
        return true
    }

    private mutating func grow(to id: Int) {
        if id >= open.count {
            let extra = id + 1 - open.count
            open.append(contentsOf: repeatElement(nil, count: extra))
            nextIndex.append(contentsOf: repeatElement(0, count: extra))
            openStart.append(contentsOf: repeatElement(nil, count: extra))
            resume.append(contentsOf: repeatElement(nil, count: extra))
        }
    }

    /// Continues a previous owner's windows of `model`: the next window is `start.nextIndex`,
    /// and pairs before `start` are skipped.
    public mutating func restore(model: Symbol, start: Start) {
        let id = Int(model.id)
        grow(to: id)
        nextIndex[id] = start.nextIndex
        resume[id] = start
    }

    /// Per model with performance state: its open window's start, or (no window open) the next
    /// index with `next` as offsets.
    public func positions(next: (predictions: Int64, labels: Int64)) -> [(model: Symbol, start: Start)] {
        nextIndex.indices.compactMap { id in
            if let s = openStart[id], open[id] != nil { return (Symbol(id: Int32(id)), s) }
            guard nextIndex[id] > 0 || resume[id] != nil else { return nil }
            return (Symbol(id: Int32(id)), Start(nextIndex: nextIndex[id], predictionOffset: next.predictions,
                                                   labelOffset: next.labels))
        }
    }

    /// Closes every open performance window as partial, oldest first (end of a replay's input).
    public mutating func closeAll(closed: inout [ClosedPerformanceWindow]) {
        let ids = open.indices.filter { open[$0] != nil }
            .sorted { open[$0]!.minPredictionOffset < open[$1]!.minPredictionOffset }
        for id in ids { closed.append(close(id, partial: true)) }
    }

    private mutating func close(_ id: Int, partial: Bool) -> ClosedPerformanceWindow {
        let buffer = open[id]!
        let start = openStart[id]!
        open[id] = nil
        openStart[id] = nil
        let index = nextIndex[id]
        nextIndex[id] = index + 1
        let info = WindowInfo(
            topic: topic, partition: partition,
            startOffset: buffer.minPredictionOffset, endOffset: buffer.maxPredictionOffset,
            events: buffer.count, index: index,
            startTimeMs: buffer.startTimeMs, endTimeMs: buffer.endTimeMs, partial: partial)
        return ClosedPerformanceWindow(
            key: WindowKey(topic: topic, partition: partition, model: Symbol(id: Int32(id))),
            info: info, buffer: buffer, start: start, fromLabelsTopic: labelsTopic)
    }

    /// Heap bytes of the open performance windows' pairs (memory breakdown).
    public var openWindowBytes: Int { open.reduce(0) { $0 + ($1?.approximateBytes ?? 0) } }

    /// Smallest prediction offset held by an open performance window.
    public var minOpenPredictionOffset: Int64? {
        open.compactMap { $0?.minPredictionOffset }.min()
    }

    /// Smallest label offset held by an open performance window.
    public var minOpenLabelOffset: Int64? {
        open.compactMap { $0?.minLabelOffset }.min()
    }

    public mutating func dropOpenWindows() {
        for id in open.indices {
            open[id] = nil
            openStart[id] = nil
        }
    }
}
