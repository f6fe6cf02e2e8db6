/// Identifies a stream of windows: one model's events in one topic-partition (SPEC section 4).
public struct WindowKey: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public var model: Symbol

    public init(topic: String, partition: Int32, model: Symbol) {
        self.topic = topic
        self.partition = partition
        self.model = model
    }
}

/// The SPEC `window` object carried by every output message (section 4).
public struct WindowInfo: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    /// First input offset of the window.
    public var startOffset: Int64
    /// Last input offset of the window (inclusive).
    public var endOffset: Int64
    public var events: Int
    /// 0-based count of windows of this kind for this model in this partition.
    public var index: Int
    /// Event time in epoch milliseconds of the earliest and latest events.
    public var startTimeMs: Double
    public var endTimeMs: Double
    /// Closed before reaching `window.size` (max age or shutdown).
    public var partial: Bool
    /// Set for a model window (SPEC section 4 "Model windows"): the partitions whose windows were
    /// merged, sorted by partition. `partition`, `startOffset` and `endOffset` are then -1 and the
    /// JSON has nulls in their place; nil for a partition window.
    public var partitions: [PartitionSpan]?
    /// A model performance window (merged performance sub-windows): its ids say
    /// `model-performance-<k>`, apart from the feature model window k.
    public var isPerformance = false

    public init(
        topic: String, partition: Int32, startOffset: Int64, endOffset: Int64, events: Int,
        index: Int, startTimeMs: Double, endTimeMs: Double, partial: Bool, partitions: [PartitionSpan]? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.events = events
        self.index = index
        self.startTimeMs = startTimeMs
        self.endTimeMs = endTimeMs
        self.partial = partial
        self.partitions = partitions
    }

    /// A model window: `index` counts the model's windows over all partitions.
    public static func model(
        topic: String, index: Int, partitions: [PartitionSpan], startTimeMs: Double, endTimeMs: Double, partial: Bool
    ) -> WindowInfo {
        WindowInfo(topic: topic, partition: -1, startOffset: -1, endOffset: -1,
                   events: partitions.reduce(0) { $0 + $1.events }, index: index,
                   startTimeMs: startTimeMs, endTimeMs: endTimeMs, partial: partial,
                   partitions: partitions.sorted { $0.partition < $1.partition })
    }

    /// True for a model window (merged over partitions).
    public var isModelWindow: Bool { partitions != nil }
}

/// One partition's share of a model window: the offsets (inclusive) and events of the partition
/// windows of that partition merged into it.
public struct PartitionSpan: Sendable, Equatable {
    public var partition: Int32
    public var startOffset: Int64
    public var endOffset: Int64
    public var events: Int

    public init(partition: Int32, startOffset: Int64, endOffset: Int64, events: Int) {
        self.partition = partition
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.events = events
    }
}

/// Window settings (SPEC section 8, `window`).
public struct WindowSettings: Sendable, Equatable {
    /// Events per window, and labelled pairs per performance window.
    public var size: Int
    /// Close a window early (partial) once this much event time has passed since its first event.
    public var maxAgeMs: Double?
    /// Fewer events than this: no drift tests.
    public var minEvents: Int

    public init(size: Int = 10_000, maxAgeMs: Double? = nil, minEvents: Int = 1_000) {
        self.size = max(1, size)
        self.maxAgeMs = maxAgeMs
        self.minEvents = minEvents
    }
}
