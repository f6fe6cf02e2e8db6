/// A column of a summary: numeric (fine bins) or categorical (counts).
public enum ColumnSummary: Sendable, Equatable {
    case numeric(NumericColumnSummary)
    case categorical(CategoricalColumnSummary)

    /// Adds `other` when it has the same type (a type change means another reference: ignored).
    /// The payload is taken out of `self` before it is changed, so its arrays are uniquely
    /// referenced and merge in place (a copy would duplicate every bin array per merge).
    public mutating func merge(_ other: ColumnSummary) {
        switch other {
        case .numeric(let b):
            guard case .numeric(var a) = self else { return }
            self = .categorical(CategoricalColumnSummary())
            a.merge(b)
            self = .numeric(a)
        case .categorical(let b):
            guard case .categorical(var a) = self else { return }
            self = .categorical(CategoricalColumnSummary())
            a.merge(b)
            self = .categorical(a)
        }
    }
}

/// What a closed partition window hands the model stage (SPEC section 6, window summaries;
/// MODEL-STAGE-DESIGN): its identity and its content in mergeable form. Merging adds content,
/// so the model stage's statistics over merged summaries are those of the union of the events
/// (exact for PSI, JS, chi-square, counts and sums; within stated bounds for KS, W1, quantiles
/// and latency percentiles). `merge` is associative and commutative: any order of merging the
/// same summaries gives an equal value (sums are `ExactSum`s, everything else counts/min/max).
public struct WindowSummary: Sendable, Equatable {
    public var modelID: String
    public var topic: String
    public var partition: Int32
    /// Partition-window index.
    public var index: Int
    public var startOffset: Int64, endOffset: Int64
    public var events: Int
    public var startTimeMs: Double, endTimeMs: Double
    public var partial: Bool
    /// `SummaryReference.version` of the bins; only summaries with equal versions merge exactly.
    public var referenceVersion: String

    /// Reference features by name (ignored features left out).
    public var features: [String: ColumnSummary] = [:]
    /// Features of the window the reference does not know (nor ignores), sorted.
    public var unexpectedFeatures: [String] = []
    public var prediction: ColumnSummary?
    public var score: NumericColumnSummary?
    public var label: ColumnSummary?
    /// Quality over the events with an immediate label.
    public var quality = QualitySummary()
    public var system = SystemSummary()
    /// A performance sub-window's summary (delayed labels, see `WindowSummary+Performance`):
    /// `events` counts labelled pairs and only `quality` is filled. Merged apart from the others.
    public var isPerformance = false

    public var id: String {
        "\(isPerformance ? "performance-summary" : "summary"):\(modelID):\(topic)-\(partition):\(startOffset)-\(endOffset)"
    }

    public init(
        modelID: String, topic: String, partition: Int32, index: Int, startOffset: Int64, endOffset: Int64,
        events: Int, startTimeMs: Double, endTimeMs: Double, partial: Bool, referenceVersion: String
    ) {
        self.modelID = modelID
        self.topic = topic
        self.partition = partition
        self.index = index
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.events = events
        self.startTimeMs = startTimeMs
        self.endTimeMs = endTimeMs
        self.partial = partial
        self.referenceVersion = referenceVersion
    }

    /// Adds `other`'s content. Identity fields describe the union loosely: offsets, times and
    /// index are the min/max, `partial` is true if either is; topic, partition and reference
    /// version stay `self`'s (the model window names its partitions itself).
    public mutating func merge(_ other: WindowSummary) {
        index = Swift.min(index, other.index)
        startOffset = Swift.min(startOffset, other.startOffset)
        endOffset = Swift.max(endOffset, other.endOffset)
        events += other.events
        startTimeMs = Swift.min(startTimeMs, other.startTimeMs)
        endTimeMs = Swift.max(endTimeMs, other.endTimeMs)
        partial = partial || other.partial
        for (name, column) in other.features {
            if features[name] == nil { features[name] = column } else { features[name]!.merge(column) }
        }
        unexpectedFeatures = Array(Set(unexpectedFeatures).union(other.unexpectedFeatures)).sorted()
        prediction = Self.merged(prediction.take(), other.prediction)
        label = Self.merged(label.take(), other.label)
        if let s = other.score {
            if score == nil { score = s } else { score!.merge(s) }
        }
        quality.merge(other.quality)
        system.merge(other.system)
    }

    private static func merged(_ a: ColumnSummary?, _ b: ColumnSummary?) -> ColumnSummary? {
        guard var a else { return b }
        if let b { a.merge(b) }
        return a
    }

    /// Merging is exact only over the same bins.
    public func isMergeable(with other: WindowSummary) -> Bool {
        modelID == other.modelID && referenceVersion == other.referenceVersion
    }
}

extension WindowSummary {
    /// Builds the summary of a closed partition window (the partition stage calls this at
    /// window close). Without a reference only the system block is filled.
    public init(window: ClosedWindow, reference: SummaryReference?, symbols: SymbolTable, modelID: String,
                settings: StageSettings) {
        let info = window.info
        self.init(modelID: modelID, topic: info.topic, partition: info.partition, index: info.index,
                  startOffset: info.startOffset, endOffset: info.endOffset, events: info.events,
                  startTimeMs: info.startTimeMs, endTimeMs: info.endTimeMs, partial: info.partial,
                  referenceVersion: reference?.version ?? "none")
        let b = window.buffer
        system = SystemSummary(buffer: b, symbols: symbols, settings: settings)
        guard let reference else { return }
        func column(_ name: String) -> FeatureColumn? {
            symbols.existingSymbol(for: name).flatMap { b.column(for: $0) }
        }
        for (name, fine) in reference.features where !settings.ignored.contains(name) {
            let c = column(name)
            var s = NumericColumnSummary(values: c?.numbers ?? [], fine: fine)
            s.typeErrors = c?.categoryTotal ?? 0
            s.nulls = c?.nulls ?? 0
            s.present = c?.present ?? 0
            s.outOfRange = outOfRangeCount(c?.numbers ?? [], range: fine.validRange)
            features[name] = .numeric(s)
        }
        for name in reference.categoricalFeatures where !settings.ignored.contains(name) {
            let c = column(name)
            var s = CategoricalColumnSummary()
            s.counts = StageReport.categoryCounts(categories: c?.categories ?? [:], numbers: c?.numbers ?? [], symbols)
            s.nulls = c?.nulls ?? 0
            s.present = c?.present ?? 0
            features[name] = .categorical(s)
        }
        let known = Set(reference.features.keys).union(reference.categoricalFeatures).union(settings.ignored)
        unexpectedFeatures = b.columns.map { symbols.string(for: $0.name) }.filter { !known.contains($0) }.sorted()
        prediction = Self.outcome(b.predictions, numeric: settings.regression, fine: reference.prediction, symbols)
        if !b.scores.isEmpty { score = NumericColumnSummary(values: b.scores, fine: reference.score) }
        if b.labels.count > 0 {
            label = Self.outcome(b.labels, numeric: settings.regression, fine: reference.label, symbols)
        }
        quality = QualitySummary(b.labelledOutcomes, regression: settings.regression, symbols: symbols)
    }

    /// A prediction or label column: numeric for a regression model (as the prediction monitor
    /// compares it), classes otherwise.
    private static func outcome(_ c: OutcomeColumn, numeric: Bool, fine: FineBins?, _ symbols: SymbolTable) -> ColumnSummary {
        if numeric {
            var s = NumericColumnSummary(values: c.numbers, fine: fine)
            s.typeErrors = c.count - c.numbers.count
            s.present = c.count
            return .numeric(s)
        }
        var s = CategoricalColumnSummary()
        s.counts = StageReport.categoryCounts(categories: c.categories, numbers: c.numbers, symbols)
        s.present = c.count
        return .categorical(s)
    }
}
