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
