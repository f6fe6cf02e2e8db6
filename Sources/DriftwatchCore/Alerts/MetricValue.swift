/// An ordered JSON value for output messages: objects keep their key order, so rendering is
/// deterministic byte for byte (SPEC section 6: a replay publishes identical messages).
public indirect enum MetricValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// Non-finite numbers render as `null`.
    case number(Double)
    case string(String)
    case array([MetricValue])
    case object([MetricField])

    /// An object from ordered pairs: `.fields([("a", .int(1)), ("b", .null)])`.
    public static func fields(_ pairs: [(String, MetricValue)]) -> MetricValue {
        .object(pairs.map { MetricField($0.0, $0.1) })
    }

    public static func int(_ value: Int) -> MetricValue { .int(Int64(value)) }

    /// `.number` or `.null` for nil.
    public static func optional(_ value: Double?) -> MetricValue { value.map { .number($0) } ?? .null }

    /// `.string` or `.null` for nil.
    public static func optional(_ value: String?) -> MetricValue { value.map { .string($0) } ?? .null }

    /// Compact JSON text (no spaces), deterministic.
    public var jsonString: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Compact JSON as UTF-8 bytes, ready for a Kafka message value.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        MetricJSONWriter.write(self, into: &out)
        return out
    }

    /// The value under `key` when this is an object.
    public subscript(key: String) -> MetricValue? {
        guard case let .object(fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }
}

public struct MetricField: Sendable, Equatable {
    public var key: String
    public var value: MetricValue
    public init(_ key: String, _ value: MetricValue) {
        self.key = key
        self.value = value
    }
}

/// Compact JSON rendering: strings escaped per RFC 8259 (control characters as \u00XX, other
/// text as UTF-8), numbers in Swift's shortest round-trip form (`0.1`, `5.0`, `1e-05`).
enum MetricJSONWriter {
    static func write(_ value: MetricValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .int(number): out.append(contentsOf: String(number).utf8)
        case let .number(number):
            out.append(contentsOf: (number.isFinite ? number.description : "null").utf8)
        case let .string(text): string(text, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(fields):
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                string(field.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(field.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
