/// A raw value of a reference input row (JSONL event or CSV cell).
public enum ReferenceValue: Sendable, Equatable {
    case missing
    case number(Double)
    case string(String)
    case bool(Bool)
}

/// One row of reference data: features, prediction, score, label.
public struct ReferenceRow: Sendable, Equatable {
    public var features: [(name: String, value: ReferenceValue)]
    public var prediction: ReferenceValue
    public var score: ReferenceValue
    public var label: ReferenceValue
    public init(features: [(name: String, value: ReferenceValue)] = [], prediction: ReferenceValue = .missing,
                score: ReferenceValue = .missing, label: ReferenceValue = .missing) {
        self.features = features; self.prediction = prediction; self.score = score; self.label = label
    }
    public static func == (a: ReferenceRow, b: ReferenceRow) -> Bool {
        a.features.map(\.name) == b.features.map(\.name) && a.features.map(\.value) == b.features.map(\.value)
            && a.prediction == b.prediction && a.score == b.score && a.label == b.label
    }
}

/// One sentence naming the file, the line and the problem.
public struct ReferenceInputError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Builds a `ReferenceProfile` row by row (offline tooling; the same rows give the same
/// profile byte for byte). Type inference: numbers are numeric; strings and bools categorical
/// (bools as "true"/"false"); a column that changes kind is an error. NaN/±inf are missing.
public struct ReferenceBuilder {
    public let modelID: String
    public let sampling: ReferenceProfile.Sampling
    public private(set) var rows = 0
    /// Feature columns in first-seen order; `featureIndex` finds them by name. Readers that know
    /// a row's columns in advance (CSV, interned JSON names) add by index and skip the hashing.
    private var features: [ColumnAccumulator] = []
    private var featureIndex: [String: Int] = [:]
    private var prediction: ColumnAccumulator
    private var score: ColumnAccumulator
    private var label: ColumnAccumulator
    private var pairs: [(label: ReferenceValue, prediction: ReferenceValue, score: Double?)] = []
    /// Rows per chunk of the `adaptive` block (`--window-size`); nil: no block. Set before rows.
    public var adaptiveChunkSize: Int?

    public init(modelID: String, sampling: ReferenceProfile.Sampling = .init()) {
        self.modelID = modelID
        self.sampling = sampling
        prediction = ColumnAccumulator(name: "prediction", sampling: sampling, isFeature: false)
        score = ColumnAccumulator(name: "score", sampling: sampling, isFeature: false)
        label = ColumnAccumulator(name: "label", sampling: sampling, isFeature: false)
    }

    /// Adds a row; `location` ("FILE line N") starts the error sentence.
    public mutating func add(_ row: ReferenceRow, location: @autoclosure () -> String) throws(ReferenceInputError) {
        beginRow()
        for (name, value) in row.features {
            try add(value, toFeature: featureColumn(name), location: location())
        }
        try endRow(prediction: row.prediction, score: row.score, label: row.label, location: location())
    }

    /// The index of feature `name`'s column, created on first use.
    mutating func featureColumn(_ name: String) -> Int {
        if let index = featureIndex[name] { return index }
        features.append(ColumnAccumulator(name: name, sampling: sampling))
        featureIndex[name] = features.count - 1
        return features.count - 1
    }

    /// Starts a row: then `add(_:toFeature:location:)` per feature and `endRow` once.
    mutating func beginRow() { rows += 1 }

    mutating func add(_ value: ReferenceValue, toFeature index: Int,
                      location: @autoclosure () -> String) throws(ReferenceInputError) {
        try features[index].add(value, location: location())
        if adaptiveChunkSize != nil { features[index].record(value, row: rows) }
    }

    mutating func endRow(prediction p: ReferenceValue, score s: ReferenceValue, label l: ReferenceValue,
                         location: @autoclosure () -> String) throws(ReferenceInputError) {
        try prediction.add(p, location: location())
        try score.add(s, location: location())
        try label.add(l, location: location())
        if l != .missing && p != .missing {
            var v: Double? = nil
            if case .number(let x) = s, x.isFinite { v = x }
            pairs.append((l, p, v))
        }
    }

    public func build(source: ReferenceProfile.Source?) -> ReferenceProfile {
        var adaptive: AdaptiveReference?
        if let adaptiveChunkSize {
            var rowsByFeature: [String: [Double]] = [:]
            for column in features where column.type == .numeric { rowsByFeature[column.name] = column.rowValues }
            adaptive = AdaptiveReference.compute(rows: rowsByFeature, rowCount: rows, chunkSize: adaptiveChunkSize)
        }
        return ReferenceProfile(
            modelID: modelID, source: source, sampling: sampling,
            features: featureIndex.mapValues { features[$0].profile(rows: rows) },
            prediction: prediction.isEmpty ? nil : prediction.profile(rows: rows),
            score: score.isEmpty ? nil : score.profile(rows: rows),
            label: label.isEmpty ? nil : label.profile(rows: rows),
            baseline: baseline(), adaptive: adaptive)
    }

    /// Classification metrics when labels and predictions are classes (categorical, or numbers
    /// that are all 0/1); regression metrics when both are numbers; nil without labelled rows.
    private func baseline() -> BaselineQuality? {
        if pairs.isEmpty { return nil }
        func isBinaryNumber(_ v: ReferenceValue) -> Bool {
            if case .number(let x) = v { return x == 0 || x == 1 }
            return false
        }
        let numeric = label.type == .numeric && prediction.type == .numeric
        let binaryNumbers = pairs.allSatisfy { isBinaryNumber($0.label) && isBinaryNumber($0.prediction) }
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        if numeric && !binaryNumbers {
            var ls = [Double](), ps = [Double]()
            for p in pairs {
                if case .number(let l) = p.label, case .number(let q) = p.prediction, l.isFinite, q.isFinite {
                    ls.append(l); ps.append(q)
                }
            }
            let r = RegressionMetrics(labels: ls, predictions: ps)
            return BaselineQuality(labelled: ls.count, mae: finite(r.mae), rmse: finite(r.rmse))
        }
        let withScores = pairs.allSatisfy { $0.score != nil }
        let m = ClassificationMetrics(
            labels: pairs.map { className($0.label) }, predictions: pairs.map { className($0.prediction) },
            scores: withScores ? pairs.map { $0.score! } : nil)
        return BaselineQuality(labelled: pairs.count, accuracy: finite(m.accuracy), precision: finite(m.precision),
                               recall: finite(m.recall), f1: finite(m.f1), auc: finite(m.auc))
    }
}

/// The canonical class name of a prediction or label: integral numbers without a fraction
/// ("1"), other numbers in Swift's shortest form, bools "true"/"false", strings as they are.
public func className(_ v: ReferenceValue) -> String {
    switch v {
    case .missing: return ""
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return s
    case .number(let x): return className(x)
    }
}

/// "1" for 1.0, "0.5" for 0.5.
public func className(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

/// Values of one column with its inferred type.
struct ColumnAccumulator {
    let name: String
    /// False for the prediction, score and label columns.
    let isFeature: Bool
    let maxValues: Int
    var type: ColumnType?
    var count = 0
    var values: [Double] = []
    var finiteSeen = 0
    var categories: [String: Int] = [:]
    var random: SplitMix64
    /// Numeric value of every row in order, NaN when missing (only for the `adaptive` block).
    var rowValues: [Double] = []

    init(name: String, sampling: ReferenceProfile.Sampling, isFeature: Bool = true) {
        self.name = name
        self.isFeature = isFeature
        maxValues = sampling.maxValues
        // Per-column stream: the seed mixed with a stable (FNV-1a) hash of the name.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        random = SplitMix64(seed: sampling.seed ^ h)
    }

    var isEmpty: Bool { type == nil }

    /// How errors name the column: `prediction`, `score`, `label` or `feature "NAME"`.
    var what: String { isFeature ? "feature \"\(name)\"" : name }

    mutating func add(_ value: ReferenceValue, location: @autoclosure () -> String) throws(ReferenceInputError) {
        switch value {
        case .missing:
            return
        case .number(let x):
            if type != .numeric { try setType(.numeric, location: location(), kind: "a number") }
            guard x.isFinite else { return }
            count += 1
            finiteSeen += 1
            if values.count < maxValues {
                values.append(x)
            } else {
                // Reservoir sampling (Algorithm R): keep each of the n values with probability k/n.
                let j = Int(random.next() % UInt64(finiteSeen))
                if j < maxValues { values[j] = x }
            }
        case .string(let s):
            if type != .categorical { try setType(.categorical, location: location(), kind: "a string") }
            count += 1
            categories[s, default: 0] += 1
        case .bool(let b):
            if type != .categorical { try setType(.categorical, location: location(), kind: "a bool") }
            count += 1
            categories[b ? "true" : "false", default: 0] += 1
        }
    }

    /// Appends `value` as row `row` (1-based), NaN for the rows before it that lacked the column.
    mutating func record(_ value: ReferenceValue, row: Int) {
        if rowValues.count < row - 1 { rowValues += [Double](repeating: .nan, count: row - 1 - rowValues.count) }
        if case .number(let x) = value, x.isFinite { rowValues.append(x) } else { rowValues.append(.nan) }
    }

    private mutating func setType(_ t: ColumnType, location: String, kind: String) throws(ReferenceInputError) {
        if let type, type != t {
            throw ReferenceInputError(
                "\(location): \(what) is \(kind), but earlier rows made it \(type.rawValue); a column must be numeric (numbers) or categorical (strings, bools) throughout.")
        }
        type = t
    }

    func profile(rows: Int) -> ColumnProfile {
        let t = type ?? .numeric
        switch t {
        case .numeric:
            var column = ColumnProfile(type: .numeric, count: count, missing: rows - count, values: values,
                                       sampledFrom: finiteSeen > values.count ? finiteSeen : nil)
            if let range = referenceValidRange(sorted: values.sorted()) {
                column.p0_1 = range.lowerBound
                column.p99_9 = range.upperBound
            }
            return column
        case .categorical:
            return ColumnProfile(type: .categorical, count: count, missing: rows - count, categories: categories)
        }
    }
}

// SplitMix64: the shared one in Synthetic/SplitMix64.swift (same algorithm).
