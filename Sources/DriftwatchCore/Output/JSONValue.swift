/// A JSON value with objects that keep their members in the order they were added (or parsed),
/// so that output messages are byte-identical from run to run. Build outputs with `JSONObject`
/// and write them with `JSONWriter` (or `encodedBytes()` / `encodedString()`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// NaN and ±infinity are written as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// An object whose members keep the caller's order: the builder for alerts, reports and triggers.
///
///     var window = JSONObject()
///     window["topic"] = "predictions"
///     window["partition"] = 3
///     var alert: JSONObject = ["kind": "alert", "severity": "critical"]
///     alert["window"] = .object(window)
///
/// Setting a key that exists replaces its value in place (its position is kept); setting `nil`
/// through the optional subscript removes it. Parsed documents keep duplicate keys in order;
/// the subscript then reads the last one (JSONSerialization's rule).
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        keys.reserveCapacity(elements.count)
        values.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public var members: [(key: String, value: JSONValue)] { Array(zip(keys, values)).map { (key: $0.0, value: $0.1) } }

    public subscript(key: String) -> JSONValue? {
        get { lastIndex(of: key).map { values[$0] } }
        set {
            if let index = lastIndex(of: key) {
                if let newValue { values[index] = newValue } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                // Reports and summaries set a dozen members or more one by one: start at 8
                // rather than growing both arrays 1, 3, 7, 15.
                if keys.capacity == 0 {
                    keys.reserveCapacity(8)
                    values.reserveCapacity(8)
                }
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The last member named `key`. Keys of another UTF-8 length are passed over without a
    /// string comparison (setting a new member compares it with every key before it).
    @inline(__always)
    private func lastIndex(of key: String) -> Int? {
        let length = key.utf8.count
        var i = keys.count
        while i > 0 {
            i &-= 1
            let candidate = keys[i]
            if candidate.utf8.count == length && candidate == key { return i }
        }
        return nil
    }

    /// Appends a member without looking for an existing key (the parser uses this to keep duplicates).
    public mutating func append(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JSONValue {
    /// `.number` for a value, `.null` for nil.
    public static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// `.number` for an integer (exact up to 2^53).
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
    /// `.string` for a value, `.null` for nil.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var doubleValue: Double? { if case .number(let d) = self { return d } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
}
