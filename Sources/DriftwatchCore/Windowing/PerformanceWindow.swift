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
}

/// Assigns labelled pairs to per-model performance windows of one partition.
public struct PerformanceAssigner: Sendable {
    public let topic: String
    public let partition: Int32
    public let size: Int
    /// Open windows and next window index per model, indexed by the model symbol id (dense).
    private var open: [PerformanceBuffer?] = []
    private var nextIndex: [Int] = []

    public init(topic: String, partition: Int32, size: Int) {
        self.topic = topic
        self.partition = partition
        self.size = max(1, size)
    }

    public mutating func add(
        _ pair: LabelledPair, model: Symbol, closed: inout [ClosedPerformanceWindow]
    ) {
        let id = Int(model.id)
        if id >= open.count {
            open.append(contentsOf: repeatElement(nil, count: id + 1 - open.count))
            nextIndex.append(contentsOf: repeatElement(0, count: id + 1 - nextIndex.count))
        }
        if open[id] == nil { open[id] = PerformanceBuffer(capacity: min(size, 1 << 16)) }
        open[id]!.append(pair)
        if open[id]!.count >= size { closed.append(close(id, partial: false)) }
    }

    /// Closes every open performance window as partial, oldest first (end of a replay's input).
    public mutating func closeAll(closed: inout [ClosedPerformanceWindow]) {
        let ids = open.indices.filter { open[$0] != nil }
            .sorted { open[$0]!.minPredictionOffset < open[$1]!.minPredictionOffset }
        for id in ids { closed.append(close(id, partial: true)) }
    }

    private mutating func close(_ id: Int, partial: Bool) -> ClosedPerformanceWindow {
        let buffer = open[id]!
        open[id] = nil
        let index = nextIndex[id]
        nextIndex[id] = index + 1
        let info = WindowInfo(
            topic: topic, partition: partition,
            startOffset: buffer.minPredictionOffset, endOffset: buffer.maxPredictionOffset,
            events: buffer.count, index: index,
            startTimeMs: buffer.startTimeMs, endTimeMs: buffer.endTimeMs, partial: partial)
        return ClosedPerformanceWindow(
            key: WindowKey(topic: topic, partition: partition, model: Symbol(id: Int32(id))),
            info: info, buffer: buffer)
    }

    /// Smallest prediction offset held by an open performance window.
    public var minOpenPredictionOffset: Int64? {
        open.compactMap { $0?.minPredictionOffset }.min()
    }

    /// Smallest label offset held by an open performance window.
    public var minOpenLabelOffset: Int64? {
        open.compactMap { $0?.minLabelOffset }.min()
    }

    public mutating func dropOpenWindows() {
        for id in open.indices { open[id] = nil }
    }
}
