/// A window summary that does not parse: the sentence says which member and why.
public struct SummaryFormatError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Typed reads from a parsed summary object, with the member's path in every error.
struct SummaryReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, _ path: String) throws {
        guard let o = value.objectValue else { throw SummaryFormatError("\(path) is not an object") }
        object = o
        self.path = path
    }

    func optional(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    private func value(_ key: String) throws -> JSONValue {
        guard let v = object[key] else { throw SummaryFormatError("\(path).\(key) is missing") }
        return v
    }

    func string(_ key: String) throws -> String {
        guard let s = try value(key).stringValue else { throw SummaryFormatError("\(path).\(key) is not a string") }
        return s
    }

    func double(_ key: String) throws -> Double {
        let v = try value(key)
        if v == .null { return .nan }
        guard let d = v.doubleValue else { throw SummaryFormatError("\(path).\(key) is not a number") }
        return d
    }

    /// `path` is an autoclosure: it is formed only for the error (a summary holds thousands of
    /// integers, and a path string per integer was a third of `run`'s model-stage CPU).
    static func integer(_ v: JSONValue, _ path: @autoclosure () -> String) throws -> Int {
        // Below 2^53 a value is an integer exactly when converting it to Int64 and back keeps it.
        guard let d = v.doubleValue, d.magnitude <= 9_007_199_254_740_992, Double(Int64(d)) == d else {
            throw SummaryFormatError("\(path()) is not an integer")
        }
        return Int(d)
    }

    func int(_ key: String) throws -> Int { try Self.integer(try value(key), "\(path).\(key)") }

    func bool(_ key: String) throws -> Bool {
        guard let b = try value(key).boolValue else { throw SummaryFormatError("\(path).\(key) is not a boolean") }
        return b
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let a = try value(key).arrayValue else { throw SummaryFormatError("\(path).\(key) is not an array") }
        return a
    }

    func ints(_ key: String) throws -> [Int] {
        let values = try array(key)
        var result = [Int]()
        result.reserveCapacity(values.count)
        for v in values { result.append(try Self.integer(v, "\(path).\(key)[]")) }
        return result
    }

    func object(_ key: String) throws -> JSONObject {
        guard let o = try value(key).objectValue else { throw SummaryFormatError("\(path).\(key) is not an object") }
        return o
    }

    func reader(_ key: String) throws -> SummaryReader { try SummaryReader(try value(key), "\(path).\(key)") }

    func exact(_ key: String) throws -> ExactSum { try ExactSum(json: try ints(key), path: "\(path).\(key)") }

    func counts(_ key: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for (k, v) in try object(key).members { result[k] = try Self.integer(v, "\(path).\(key).\(k)") }
        return result
    }

    /// `{key: count}` sorted by key.
    static func counts(_ c: [String: Int]) -> JSONValue {
        var o = JSONObject()
        for k in c.keys.sorted() { o[k] = .int(c[k]!) }
        return .object(o)
    }
}
