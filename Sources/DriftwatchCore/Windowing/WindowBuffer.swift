/// The columns of one open window. `append` is the per-event hot path: no dictionaries of
/// strings, features found by symbol id in a dense index, numbers appended to arrays.
public struct WindowBuffer: Sendable {
    public private(set) var columns: [FeatureColumn] = []
    /// Column index by feature symbol id, -1 when the feature has no column yet.
    private var columnBySymbol: [Int32] = []
    private let capacity: Int

    public private(set) var events = 0
    public private(set) var errors = 0
    public private(set) var predictions = OutcomeColumn()
    public private(set) var scores: [Double] = []
    public private(set) var labels = OutcomeColumn()
    public private(set) var latencies: [Double] = []
    public private(set) var versions: [VersionColumn] = []
    public private(set) var llm = LLMColumn()
    /// Error messages seen, counted (a few distinct ones are usual).
    public private(set) var errorMessages: [String: Int] = [:]
    /// Events carrying both a prediction and an immediate label, in arrival order: the
    /// mergeable window summary's confusion counts (performance windows keep their own pairs).
    public private(set) var labelledOutcomes: [LabelledOutcome] = []

    public private(set) var startOffset: Int64 = -1
    public private(set) var endOffset: Int64 = -1
    public private(set) var startTimeMs = Double.infinity
    public private(set) var endTimeMs = -Double.infinity
    /// Event time of the first event (the trigger's max age counts from it).
    public private(set) var firstEventTimeMs = 0.0

    public init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        latencies.reserveCapacity(capacity)
    }

    /// Adds one event at `offset` with event time `timeMs`.
    @inline(__always)
    public mutating func append(_ event: PredictionEvent, offset: Int64, timeMs: Double) {
        if events == 0 {
            startOffset = offset
            firstEventTimeMs = timeMs
        }
        endOffset = offset
        events &+= 1
        if timeMs < startTimeMs { startTimeMs = timeMs }
        if timeMs > endTimeMs { endTimeMs = timeMs }

        appendFeatures(event.features)
        if let prediction = event.prediction { predictions.append(prediction) }
        if let score = event.score { scores.append(score) }
        let version = versionIndex(for: event.modelVersion)
        if let label = event.label {
            labels.append(label)
            if let prediction = event.prediction {
                // A named version's labelled pairs by index, judged at close (per-version accuracy
                // for `version_regression`; events without a version are no A/B variant).
                if event.modelVersion != nil {
                    versions[version].labelledOutcomeIndexes.append(Int32(truncatingIfNeeded: labelledOutcomes.count))
                }
                labelledOutcomes.append(LabelledOutcome(prediction: prediction, label: label, score: event.score))
            }
        }
        if let latency = event.latencyMs { latencies.append(latency) }
        versions[version].events &+= 1
        if let latency = event.latencyMs { versions[version].latencies.append(latency) }
        if let error = event.error {
            errors &+= 1
            versions[version].errors &+= 1
            if errorMessages.count < 64 || errorMessages[error] != nil {
                errorMessages[error, default: 0] &+= 1
            }
        }
        if let usage = event.llm {
            llm.append(usage)
            if event.modelVersion != nil { versions[version].llm.append(usage) }
        }
    }

    /// The features' values to their columns: through one mutable buffer of `columns` (no
    /// uniqueness and bounds check of `columns` per feature); features without a column yet get
    /// one afterwards, in the order they came (the columns' order is first appearance).
    @inline(__always)
    private mutating func appendFeatures(_ features: [FeatureEntry]) {
        let index = columnBySymbol
        var firstSeen = 0  // features before it all had columns
        columns.withUnsafeMutableBufferPointer { columns in
            for entry in features {
                let id = Int(entry.name.id)
                guard id >= 0, id < index.count, index[id] >= 0 else { break }
                columns[Int(index[id])].append(entry.value)
                firstSeen &+= 1
            }
        }
        guard firstSeen < features.count else { return }
        for entry in features[firstSeen...] {
            let column = columnIndex(for: entry.name)
            columns[column].append(entry.value)
        }
    }

    @inline(__always)
    private mutating func columnIndex(for name: Symbol) -> Int {
        let id = Int(name.id)
        if id >= 0, id < columnBySymbol.count {
            let index = columnBySymbol[id]
            if index >= 0 { return Int(index) }
        }
        return addColumn(name)
    }

    private mutating func addColumn(_ name: Symbol) -> Int {
        let id = Int(name.id)
        precondition(id >= 0, "feature symbols have non-negative ids")
        if id >= columnBySymbol.count {
            columnBySymbol.append(contentsOf: repeatElement(-1, count: id + 1 - columnBySymbol.count))
        }
        columns.append(FeatureColumn(name: name, capacity: capacity))
        columnBySymbol[id] = Int32(columns.count - 1)
        return columns.count - 1
    }

    @inline(__always)
    private mutating func versionIndex(for version: Symbol?) -> Int {
        for i in versions.indices where versions[i].version == version { return i }
        versions.append(VersionColumn(version: version))
        return versions.count - 1
    }

    /// The column of a feature, if any event of the window carried it.
    public func column(for name: Symbol) -> FeatureColumn? {
        let id = Int(name.id)
        guard id >= 0, id < columnBySymbol.count, columnBySymbol[id] >= 0 else { return nil }
        return columns[Int(columnBySymbol[id])]
    }
}

/// A prediction with its immediate label (and score, if any).
public struct LabelledOutcome: Sendable, Equatable {
    public var prediction: Outcome
    public var label: Outcome
    public var score: Double?
    public init(prediction: Outcome, label: Outcome, score: Double?) {
        self.prediction = prediction
        self.label = label
        self.score = score
    }
}
