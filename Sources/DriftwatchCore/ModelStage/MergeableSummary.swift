/// What the model stage needs of a partition window's summary (SPEC section 6 "Window
/// summaries"): its identity and place, and a merge by addition. `WindowSummary` conforms; tests
/// use small stand-ins, so the assembler and processor do not depend on the statistics.
public protocol MergeableSummary: Sendable {
    var modelID: String { get }
    /// The predictions topic the partition window came from.
    var topic: String { get }
    var partition: Int32 { get }
    /// The partition window's index (0-based count of the model's windows in that partition).
    var index: Int { get }
    var startOffset: Int64 { get }
    /// Inclusive.
    var endOffset: Int64 { get }
    var events: Int { get }
    var startTimeMs: Double { get }
    var endTimeMs: Double { get }
    /// Adds `other`'s counts to these (commutative and associative over the statistics).
    mutating func merge(_ other: Self)
    /// A performance sub-window (labelled pairs), merged into the model's performance windows
    /// apart from its feature windows.
    var isPerformance: Bool { get }
}

extension MergeableSummary {
    public var isPerformance: Bool { false }
}

/// One partition window merged into a model window, as the model report and tests name it.
public struct SubWindow: Sendable, Equatable {
    public var partition: Int32
    public var index: Int
    public var startOffset: Int64
    public var endOffset: Int64
    public var events: Int
    public var startTimeMs: Double
    public var endTimeMs: Double

    public init<S: MergeableSummary>(_ summary: S) {
        partition = summary.partition
        index = summary.index
        startOffset = summary.startOffset
        endOffset = summary.endOffset
        events = summary.events
        startTimeMs = summary.startTimeMs
        endTimeMs = summary.endTimeMs
    }

    /// The assembler's merge order: (end time, partition, index).
    static func precedes(_ a: SubWindow, _ b: SubWindow) -> Bool {
        if a.endTimeMs != b.endTimeMs { return a.endTimeMs < b.endTimeMs }
        if a.partition != b.partition { return a.partition < b.partition }
        return a.index < b.index
    }

    public var jsonValue: JSONValue {
        [
            "partition": .int(Int(partition)), "index": .int(index),
            "start_offset": .number(Double(startOffset)), "end_offset": .number(Double(endOffset)),
            "events": .int(events),
            "start_time": .string(RFC3339.format(epochMilliseconds: startTimeMs)),
            "end_time": .string(RFC3339.format(epochMilliseconds: endTimeMs)),
        ]
    }
}

/// A closed model window: the merged summary, what went into it, and its `window` object.
public struct ClosedModelWindow<S: MergeableSummary>: Sendable {
    /// The model window index k = 0, 1, 2, … of the model.
    public var index: Int
    /// The contributing summaries merged in merge order (the first one is the base).
    public var merged: S
    /// The contributing partition windows in merge order.
    public var parts: [SubWindow]
    /// Closed by `finish()` before reaching `window.size` events.
    public var partial: Bool
    /// The SPEC `window` object for every output about this window (`partitions` set).
    public var info: WindowInfo
}

extension ClosedModelWindow: Equatable where S: Equatable {}
