public import Foundation

/// Reads reference data (SPEC section 2, `driftwatch reference build`): JSON Lines of prediction
/// events (section 3) or CSV with a header (one column per feature, plus optional `prediction`,
/// `score`, `label`; see `ReferenceInput+CSV.swift`). Pure: takes the files' bytes and their names
/// (for error sentences).
public enum ReferenceInput {
    /// JSON Lines when the first non-blank character is `{`, else CSV.
    /// - Parameters:
    ///   - types: CSV columns whose type is forced instead of inferred (`--types`).
    ///   - labels: delayed labels joined to JSON Lines events by `event_id` (`--labels`).
    public static func build(data: Data, file: String, modelID: String,
                             sampling: ReferenceProfile.Sampling = .init(),
                             types: [String: ColumnType] = [:],
                             labels: ReferenceLabels? = nil,
                             adaptiveChunkSize: Int? = nil) throws(ReferenceInputError) -> ReferenceProfile {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if firstByte == nil {
            throw ReferenceInputError("\(file) is empty: expected JSON Lines events or CSV with a header.")
        }
        if firstByte == UInt8(ascii: "{") {
            if let column = types.keys.sorted().first {
                throw ReferenceInputError("--types \(column)=… applies to CSV input; \(file) is JSON Lines, whose values carry their types.")
            }
            return try jsonLines(data: data, file: file, modelID: modelID, sampling: sampling, labels: labels,
                                 adaptiveChunkSize: adaptiveChunkSize)
        }
        if let labels {
            throw ReferenceInputError("--labels \(labels.file) joins by event_id and applies to JSON Lines events; \(file) is CSV: give it a label column instead.")
        }
        return try csv(data: data, file: file, modelID: modelID, sampling: sampling, types: types,
                       adaptiveChunkSize: adaptiveChunkSize)
    }

    /// One event per line; blank lines are skipped; events whose `model_id` is another model's
    /// are left out (counted in `source.skipped_rows`). Lines go through `EventDecoder` (the
    /// pipeline's decoder, exact numbers); a line it refuses — no `event_id`, a bad timestamp —
    /// is read again by the lenient `ReferenceJSONValue` path, which accepts or names the problem.
    /// A label from `labels` (same `event_id`) wins over the event's own `label`.
    public static func jsonLines(data: Data, file: String, modelID: String,
                                 sampling: ReferenceProfile.Sampling = .init(),
                                 labels: ReferenceLabels? = nil,
                                 adaptiveChunkSize: Int? = nil) throws(ReferenceInputError) -> ReferenceProfile {
        var reader = JSONLinesReader(file: file, modelID: modelID, sampling: sampling, labels: labels)
        reader.builder.adaptiveChunkSize = adaptiveChunkSize
        var failure: ReferenceInputError?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            do throws(ReferenceInputError) { try reader.read(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        let builder = reader.builder
        if builder.rows == 0 {
            throw ReferenceInputError(reader.skipped > 0
                ? "\(file) has no events of model \"\(modelID)\" (\(reader.skipped) events of other models)."
                : "\(file) has no events.")
        }
        if let labels, reader.joinedLabels == 0 {
            throw ReferenceInputError(
                "none of the \(labels.byEventID.count) labels of model \"\(modelID)\" in \(labels.file) has the event_id of an event in \(file).")
        }
        return builder.build(source: .init(file: file, kind: "jsonl", rows: builder.rows, skippedRows: reader.skipped))
    }

    static func value(_ v: ReferenceJSONValue, location: String, what: String) throws(ReferenceInputError) -> ReferenceValue {
        switch v {
        case .null: return .missing
        case .string(let s): return .string(s)
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .object, .other:
            throw ReferenceInputError("\(location): \(what) must be a number, string, bool or null.")
        }
    }

    /// The lenient reading of one event line, for lines `EventDecoder` refused.
    static func lenientRow(_ line: Data, modelID: String,
                           location: String) throws(ReferenceInputError) -> (row: ReferenceRow, eventID: String?)? {
        let parsed: ReferenceJSONValue
        do {
            parsed = try JSONDecoder().decode(ReferenceJSONValue.self, from: line)
        } catch {
            throw ReferenceInputError("\(location) is not valid JSON.")
        }
        guard case .object(let event) = parsed else {
            throw ReferenceInputError("\(location) is not a JSON object (one event per line).")
        }
        if let id = event["model_id"] {
            guard case .string(let id) = id else {
                throw ReferenceInputError("\(location): \"model_id\" must be a string.")
            }
            if id != modelID { return nil }
        }
        guard case .object(let features)? = event["features"] else {
            throw ReferenceInputError("\(location): \"features\" is missing or not an object.")
        }
        var row = ReferenceRow()
        for name in features.keys.sorted() {
            row.features.append((name, try value(features[name]!, location: location, what: "feature \"\(name)\"")))
        }
        if let p = event["prediction"] { row.prediction = try value(p, location: location, what: "prediction") }
        if let l = event["label"] { row.label = try value(l, location: location, what: "label") }
        if let s = event["score"] {
            row.score = try value(s, location: location, what: "score")
            switch row.score {
            case .missing: break
            case .number(let x) where x >= 0 && x <= 1: break
            default: throw ReferenceInputError("\(location): \"score\" must be a number in [0, 1].")
            }
        }
        var eventID: String?
        if case .string(let id)? = event["event_id"] { eventID = id }
        return (row, eventID)
    }
}

/// Delayed labels of one model by `event_id` (`reference build --labels`), read from JSON Lines
/// label events `{"event_id", "model_id", "label", "timestamp"}` (SPEC section 3).
public struct ReferenceLabels: Sendable {
    public let file: String
    public private(set) var byEventID: [String: ReferenceValue] = [:]

    /// Labels of other models are left out; a bad line is refused with its line number. When an
    /// event_id appears twice the later label wins (a correction).
    public init(data: Data, file: String, modelID: String) throws(ReferenceInputError) {
        self.file = file
        let decoder = EventDecoder()
        let model = decoder.symbols.symbol(for: modelID)
        var label = LabelEvent()
        var failure: ReferenceInputError?
        var table: [String: ReferenceValue] = [:]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var lineNumber = 0
            for line in JSONLinesReader.lines(raw) {
                lineNumber += 1
                if JSONLinesReader.isBlank(line) { continue }
                do throws(DecodeFailure) {
                    try decoder.decodeLabel(line, into: &label)
                } catch {
                    failure = ReferenceInputError("\(file) line \(lineNumber) is not a label event: \(error.reason).")
                    return
                }
                guard label.modelID == model else { continue }
                table[label.eventID] = JSONLinesReader.value(label.label, decoder.symbols)
            }
        }
        if let failure { throw failure }
        if table.isEmpty { throw ReferenceInputError("\(file) has no labels of model \"\(modelID)\".") }
        byEventID = table
    }
}

/// A parsed JSON value of a reference input line: scalars, objects, and anything else
/// (arrays, numbers beyond Double) as `.other`.
enum ReferenceJSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case object([String: ReferenceJSONValue])
    case other

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        // Most values are numbers, then strings: try the common kinds first (each failed try
        // costs a thrown error).
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() { self = .null; return }
            if let x = try? c.decode(Double.self) { self = .number(x); return }
            if let s = try? c.decode(String.self) { self = .string(s); return }
            if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        }
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var object = [String: ReferenceJSONValue](minimumCapacity: keyed.allKeys.count)
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(ReferenceJSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        self = .other
    }
}
