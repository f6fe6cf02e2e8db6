public import Foundation

/// Reads reference data (SPEC section 2, `driftwatch reference build`): JSON Lines of prediction
/// events (section 3) or CSV with a header (one column per feature, plus optional `prediction`,
/// `score`, `label`). Pure: takes the file's bytes and its name (for error sentences).
public enum ReferenceInput {
    /// JSON Lines when the first non-blank character is `{`, else CSV.
    public static func build(data: Data, file: String, modelID: String,
                             sampling: ReferenceProfile.Sampling = .init()) throws(ReferenceInputError) -> ReferenceProfile {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if firstByte == nil {
            throw ReferenceInputError("\(file) is empty: expected JSON Lines events or CSV with a header.")
        }
        if firstByte == UInt8(ascii: "{") {
            return try jsonLines(data: data, file: file, modelID: modelID, sampling: sampling)
        }
        return try csv(data: data, file: file, modelID: modelID, sampling: sampling)
    }

    /// One event per line; blank lines are skipped. Parsed with JSONDecoder into `ReferenceJSONValue`:
    /// it reads every number exactly (swift-corelibs' JSONSerialization goes through Decimal
    /// and changed the last digit of most doubles in a test file) and is about 3x faster; events whose `model_id` is another model's
    /// are left out (counted in `source.skipped_rows`).
    public static func jsonLines(data: Data, file: String, modelID: String,
                                 sampling: ReferenceProfile.Sampling = .init()) throws(ReferenceInputError) -> ReferenceProfile {
        var builder = ReferenceBuilder(modelID: modelID, sampling: sampling)
        var skipped = 0
        var lineNumber = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let location = "\(file) line \(lineNumber)"
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let parsed: ReferenceJSONValue
            do {
                parsed = try decoder.decode(ReferenceJSONValue.self, from: Data(line))
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
                if id != modelID { skipped += 1; continue }
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
            try builder.add(row, location: location)
        }
        if builder.rows == 0 {
            throw ReferenceInputError(skipped > 0
                ? "\(file) has no events of model \"\(modelID)\" (\(skipped) events of other models)."
                : "\(file) has no events.")
        }
        return builder.build(source: .init(file: file, kind: "jsonl", rows: builder.rows, skippedRows: skipped))
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

    /// RFC 4180 CSV with a header row. A column is numeric when every present cell is a number;
    /// otherwise categorical (cells "true"/"false" in any case become "true"/"false"). Empty
    /// cells and null, NA, NaN are missing.
    public static func csv(data: Data, file: String, modelID: String,
                           sampling: ReferenceProfile.Sampling = .init()) throws(ReferenceInputError) -> ReferenceProfile {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReferenceInputError("\(file) is not UTF-8 text.")
        }
        let records = try parseCSV(text, file: file)
        guard let (headerLine, header) = records.first else {
            throw ReferenceInputError("\(file) is empty: expected a CSV header.")
        }
        var seen = Set<String>()
        for (i, name) in header.enumerated() {
            if name.isEmpty { throw ReferenceInputError("\(file) line \(headerLine): column \(i + 1) has no name.") }
            if !seen.insert(name).inserted {
                throw ReferenceInputError("\(file) line \(headerLine): column \"\(name)\" appears twice.")
            }
        }
        let body = records.dropFirst()
        for (line, fields) in body where fields.count != header.count {
            throw ReferenceInputError(
                "\(file) line \(line): \(fields.count) fields, but the header has \(header.count).")
        }
        if body.isEmpty { throw ReferenceInputError("\(file) has a header but no rows.") }
        // Column kinds: numeric iff every present cell parses as a number.
        var numeric = [Bool](repeating: true, count: header.count)
        for (_, fields) in body {
            for (c, cell) in fields.enumerated() where numeric[c] && !isMissing(cell) && Double(cell) == nil {
                numeric[c] = false
            }
        }
        var builder = ReferenceBuilder(modelID: modelID, sampling: sampling)
        for (line, fields) in body {
            var row = ReferenceRow()
            let location = "\(file) line \(line)"
            for (c, cell) in fields.enumerated() {
                let v: ReferenceValue
                if isMissing(cell) {
                    v = .missing
                } else if numeric[c] {
                    v = .number(Double(cell)!)
                } else if cell.lowercased() == "true" || cell.lowercased() == "false" {
                    v = .bool(cell.lowercased() == "true")
                } else {
                    v = .string(cell)
                }
                switch header[c] {
                case "prediction": row.prediction = v
                case "label": row.label = v
                case "score":
                    if case .number(let x) = v, !(x >= 0 && x <= 1) {
                        throw ReferenceInputError("\(location): \"score\" must be a number in [0, 1], got \(cell).")
                    }
                    if case .string = v {
                        throw ReferenceInputError("\(location): \"score\" must be a number in [0, 1], got \(cell).")
                    }
                    row.score = v
                default: row.features.append((header[c], v))
                }
            }
            try builder.add(row, location: location)
        }
        return builder.build(source: .init(file: file, kind: "csv", rows: builder.rows))
    }

    static func isMissing(_ cell: String) -> Bool {
        cell.isEmpty || cell == "null" || cell == "NA" || cell == "NaN" || cell == "nan"
    }

    /// Records with the line each starts on. Quoted fields may hold commas, newlines and "".
    static func parseCSV(_ text: String, file: String) throws(ReferenceInputError) -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            fieldStarted = false
        }
        while let ch = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if ch == "\n" { line += 1 }
                    field.unicodeScalars.append(ch)
                }
                continue
            }
            switch ch {
            case ",":
                fields.append(field); field = ""; fieldStarted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"" where !fieldStarted && field.isEmpty:
                inQuotes = true; fieldStarted = true
            default:
                field.unicodeScalars.append(ch); fieldStarted = true
            }
        }
        if inQuotes { throw ReferenceInputError("\(file) line \(recordLine): a quoted field is never closed.") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
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
