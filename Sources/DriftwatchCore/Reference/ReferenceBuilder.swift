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
    private var features: [String: ColumnAccumulator] = [:]
    private var prediction: ColumnAccumulator
    private var score: ColumnAccumulator
    private var label: ColumnAccumulator
    private var pairs: [(label: ReferenceValue, prediction: ReferenceValue, score: Double?)] = []

    public init(modelID: String, sampling: ReferenceProfile.Sampling = .init()) {
        self.modelID = modelID
        self.sampling = sampling
        prediction = ColumnAccumulator(name: "prediction", sampling: sampling)
        score = ColumnAccumulator(name: "score", sampling: sampling)
        label = ColumnAccumulator(name: "label", sampling: sampling)
    }

    /// Adds a row; `location` ("FILE line N") starts the error sentence.
    public mutating func add(_ row: ReferenceRow, location: String) throws(ReferenceInputError) {
        rows += 1
        for (name, value) in row.features {
            if features[name] == nil { features[name] = ColumnAccumulator(name: name, sampling: sampling) }
            try features[name]!.add(value, location: location, what: "feature \"\(name)\"")
        }
        try prediction.add(row.prediction, location: location, what: "prediction")
        try score.add(row.score, location: location, what: "score")
        try label.add(row.label, location: location, what: "label")
        if row.label != .missing && row.prediction != .missing {
            var s: Double? = nil
            if case .number(let v) = row.score, v.isFinite { s = v }
            pairs.append((row.label, row.prediction, s))
        }
    }

    public func build(source: ReferenceProfile.Source?) -> ReferenceProfile {
        ReferenceProfile(
            modelID: modelID, source: source, sampling: sampling,
            features: features.mapValues { $0.profile(rows: rows) },
            prediction: prediction.isEmpty ? nil : prediction.profile(rows: rows),
            score: score.isEmpty ? nil : score.profile(rows: rows),
            label: label.isEmpty ? nil : label.profile(rows: rows),
            baseline: baseline())
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
    let maxValues: Int
    var type: ColumnType?
    var count = 0
    var values: [Double] = []
    var finiteSeen = 0
    var categories: [String: Int] = [:]
    var random: SplitMix64

    init(name: String, sampling: ReferenceProfile.Sampling) {
        self.name = name
        maxValues = sampling.maxValues
        // Per-column stream: the seed mixed with a stable (FNV-1a) hash of the name.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        random = SplitMix64(seed: sampling.seed ^ h)
    }

    var isEmpty: Bool { type == nil }

    mutating func add(_ value: ReferenceValue, location: String, what: String) throws(ReferenceInputError) {
        switch value {
        case .missing:
            return
        case .number(let x):
            try setType(.numeric, location: location, what: what, kind: "a number")
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
            try setType(.categorical, location: location, what: what, kind: "a string")
            count += 1
            categories[s, default: 0] += 1
        case .bool(let b):
            try setType(.categorical, location: location, what: what, kind: "a bool")
            count += 1
            categories[b ? "true" : "false", default: 0] += 1
        }
    }

    private mutating func setType(_ t: ColumnType, location: String, what: String, kind: String) throws(ReferenceInputError) {
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
            return ColumnProfile(type: .numeric, count: count, missing: rows - count, values: values,
                                 sampledFrom: finiteSeen > values.count ? finiteSeen : nil)
        case .categorical:
            return ColumnProfile(type: .categorical, count: count, missing: rows - count, categories: categories)
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, deterministic for a seed.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
