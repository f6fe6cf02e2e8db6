public import Foundation

/// A model's reference profile: what every window is compared with (SPEC sections 2 and 5).
///
/// Versioned, human-readable JSON (`driftwatch reference build` writes it; pretty-printed with
/// sorted keys):
/// ```json
/// {
///   "format": "driftwatch.reference", "format_version": 1, "model_id": "fraud-detector",
///   "source": {"file": "train.jsonl", "kind": "jsonl", "rows": 50000, "skipped_rows": 0},
///   "sampling": {"max_values": 100000, "seed": 20260101},
///   "features": {
///     "amount":  {"type": "numeric", "count": 49510, "missing": 490, "values": [12.5, ...]},
///     "country": {"type": "categorical", "count": 50000, "missing": 0, "categories": {"DE": 9120, ...}}
///   },
///   "prediction": {...column...}, "score": {...}, "label": {...},
///   "baseline": {"labelled": 15000, "accuracy": 0.91, "precision": 0.8, "recall": 0.7, "f1": 0.75, "auc": 0.93}
/// }
/// ```
/// A numeric column keeps its exact finite values (NaN/±inf count as `missing`), at most
/// `sampling.max_values` of them; beyond that `values` is a deterministic uniform subsample
/// (reservoir sampling seeded with `sampling.seed`) and `sampled_from` says how many there were.
public struct ReferenceProfile: Codable, Sendable, Equatable {
    public static let formatName = "driftwatch.reference"
    /// 2 added `p0_1`/`p99_9` per numeric column and `adaptive`; version 1 profiles still load
    /// (their range is computed from `values` at load; they have no adaptive thresholds).
    public static let currentFormatVersion = 2
    public static let readableFormatVersions = 1...2

    public var format: String = ReferenceProfile.formatName
    public var formatVersion: Int = ReferenceProfile.currentFormatVersion
    public var modelID: String
    public var source: Source?
    public var sampling: Sampling
    public var features: [String: ColumnProfile]
    public var prediction: ColumnProfile?
    public var score: ColumnProfile?
    public var label: ColumnProfile?
    public var baseline: BaselineQuality?
    /// Per feature, the drift statistics over the reference's own chunks (`thresholds: adaptive`).
    public var adaptive: AdaptiveReference?

    public init(modelID: String, source: Source?, sampling: Sampling, features: [String: ColumnProfile],
                prediction: ColumnProfile? = nil, score: ColumnProfile? = nil, label: ColumnProfile? = nil,
                baseline: BaselineQuality? = nil, adaptive: AdaptiveReference? = nil) {
        self.modelID = modelID
        self.source = source
        self.sampling = sampling
        self.features = features
        self.prediction = prediction
        self.score = score
        self.label = label
        self.baseline = baseline
        self.adaptive = adaptive
    }

    enum CodingKeys: String, CodingKey {
        case format, source, sampling, features, prediction, score, label, baseline, adaptive
        case formatVersion = "format_version"
        case modelID = "model_id"
    }

    public struct Source: Codable, Sendable, Equatable {
        public var file: String
        /// "jsonl" or "csv".
        public var kind: String
        /// Rows used.
        public var rows: Int
        /// JSONL events of another model_id, left out.
        public var skippedRows: Int
        public init(file: String, kind: String, rows: Int, skippedRows: Int = 0) {
            self.file = file; self.kind = kind; self.rows = rows; self.skippedRows = skippedRows
        }
        enum CodingKeys: String, CodingKey {
            case file, kind, rows
            case skippedRows = "skipped_rows"
        }
    }

    public struct Sampling: Codable, Sendable, Equatable {
        public var maxValues: Int
        public var seed: UInt64
        public init(maxValues: Int = 100_000, seed: UInt64 = 20_260_101) {
            self.maxValues = maxValues; self.seed = seed
        }
        enum CodingKeys: String, CodingKey {
            case maxValues = "max_values"
            case seed
        }
    }

    /// Decodes and checks a profile. Errors are one sentence naming `source` (the file) and the
    /// problem: not JSON, not a reference profile, another format version, or a corrupt column.
    public static func load(from data: Data, source: String = "reference profile") throws(ReferenceProfileError) -> ReferenceProfile {
        struct Header: Decodable {
            var format: String?
            var formatVersion: Int?
            enum CodingKeys: String, CodingKey {
                case format
                case formatVersion = "format_version"
            }
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            // Training data given where its profile belongs is the likely mistake: say how to build one.
            throw ReferenceProfileError(
                "\(source) is not a driftwatch reference profile: it is not a JSON object; to profile training data (CSV or JSON Lines), run `driftwatch reference build --input \(source) --model MODEL --out PROFILE.json` and name PROFILE.json here.")
        }
        guard header.format == formatName, let version = header.formatVersion else {
            throw ReferenceProfileError(
                "\(source) is not a driftwatch reference profile: \"format\" must be \"\(formatName)\" with a \"format_version\".")
        }
        guard readableFormatVersions.contains(version) else {
            throw ReferenceProfileError(
                "\(source) has reference format version \(version), but this driftwatch reads versions \(readableFormatVersions.lowerBound) to \(readableFormatVersions.upperBound); rebuild it with `driftwatch reference build`.")
        }
        let profile: ReferenceProfile
        do {
            profile = try JSONDecoder().decode(ReferenceProfile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReferenceProfileError("\(source) is corrupt: \(path(context.codingPath + [key])) is missing.")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReferenceProfileError("\(source) is corrupt: \(path(context.codingPath)) has the wrong type.")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ReferenceProfileError("\(source) is corrupt: \(path(context.codingPath)) is null.")
        } catch let DecodingError.dataCorrupted(context) {
            throw ReferenceProfileError("\(source) is corrupt: \(path(context.codingPath)) is invalid.")
        } catch {
            throw ReferenceProfileError("\(source) is corrupt: \(error).")
        }
        try profile.validate(source: source)
        return profile
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let p = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? "the top level" : "\"\(p)\""
    }

    func validate(source: String) throws(ReferenceProfileError) {
        var columns = features.map { ("feature \"\($0.key)\"", $0.value) }
        if let prediction { columns.append(("prediction", prediction)) }
        if let score { columns.append(("score", score)) }
        if let label { columns.append(("label", label)) }
        for (name, column) in columns {
            switch column.type {
            case .numeric:
                guard let values = column.values else {
                    throw ReferenceProfileError("\(source) is corrupt: numeric \(name) has no \"values\".")
                }
                if values.contains(where: { !$0.isFinite }) {
                    throw ReferenceProfileError("\(source) is corrupt: numeric \(name) has a non-finite value.")
                }
            case .categorical:
                guard let categories = column.categories else {
                    throw ReferenceProfileError("\(source) is corrupt: categorical \(name) has no \"categories\".")
                }
                if categories.values.contains(where: { $0 < 0 }) {
                    throw ReferenceProfileError("\(source) is corrupt: categorical \(name) has a negative count.")
                }
            }
        }
    }
}

/// One sentence naming the file and the problem.
public struct ReferenceProfileError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Numeric or categorical (SPEC: numbers are numeric; strings and bools categorical).
public enum ColumnType: String, Codable, Sendable, Equatable {
    case numeric, categorical
}

/// One feature (or the prediction, score or label) of the reference.
public struct ColumnProfile: Codable, Sendable, Equatable {
    public var type: ColumnType
    /// Present (finite or category) values seen.
    public var count: Int
    /// Null, absent, NaN or ±inf values seen.
    public var missing: Int
    /// Numeric: the exact finite values in input order (or the subsample).
    public var values: [Double]?
    /// Numeric: the number of finite values before subsampling, when subsampled.
    public var sampledFrom: Int?
    /// Categorical: count per category.
    public var categories: [String: Int]?
    /// Numeric (format 2): p0.1 and p99.9 of the values (`numpy.percentile`, linear), the range
    /// outside which a window's value is out of range. Absent in format 1 (computed at load).
    public var p0_1: Double?
    public var p99_9: Double?

    public init(type: ColumnType, count: Int, missing: Int, values: [Double]? = nil,
                sampledFrom: Int? = nil, categories: [String: Int]? = nil) {
        self.type = type; self.count = count; self.missing = missing
        self.values = values; self.sampledFrom = sampledFrom; self.categories = categories
    }

    enum CodingKeys: String, CodingKey {
        case type, count, missing, values, categories, p0_1, p99_9
        case sampledFrom = "sampled_from"
    }

    /// The stored [p0_1, p99_9] when both are present and ordered.
    public var storedValidRange: ClosedRange<Double>? {
        guard let p0_1, let p99_9, p0_1.isFinite, p99_9.isFinite, p0_1 <= p99_9 else { return nil }
        return p0_1...p99_9
    }
}

/// Quality of the model on the labelled reference rows (the baseline a performance drop is
/// measured against). Absent metrics are null (e.g. auc without scores, mae for a classifier).
public struct BaselineQuality: Codable, Sendable, Equatable {
    public var labelled: Int
    public var accuracy: Double?
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var auc: Double?
    public var mae: Double?
    public var rmse: Double?
    public init(labelled: Int, accuracy: Double? = nil, precision: Double? = nil, recall: Double? = nil,
                f1: Double? = nil, auc: Double? = nil, mae: Double? = nil, rmse: Double? = nil) {
        self.labelled = labelled; self.accuracy = accuracy; self.precision = precision
        self.recall = recall; self.f1 = f1; self.auc = auc; self.mae = mae; self.rmse = rmse
    }
}
