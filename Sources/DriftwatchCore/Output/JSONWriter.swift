/// Writes compact JSON (no spaces, no newlines) deterministically: object members in the order
/// given, strings escaped minimally (`"`, `\`, control characters; everything else as UTF-8),
/// numbers as ECMAScript's `Number.prototype.toString` (what `JSON.stringify` prints: shortest
/// round-trip digits, integers without ".0", exponent form below 1e-6 and from 1e21), and NaN or
/// ±infinity as `null`. The same values always give the same bytes, so replays are byte-identical.
///
///     var writer = JSONWriter()
///     writer.write(.object(alert))
///     producer.send(writer.bytes)
public struct JSONWriter: Sendable {
    public internal(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Clears the output, keeping its capacity for the next message.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: appendASCII("null")
        case .bool(let b): appendASCII(b ? "true" : "false")
        case .number(let d): write(number: d)
        case .string(let s): write(string: s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for i in 0..<object.keys.count {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: object.keys[i])
                bytes.append(UInt8(ascii: ":"))
                write(object.values[i])
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    public mutating func write(number value: Double) {
        guard value.isFinite else { return appendASCII("null") }
        // Integers (counts, offsets, bins: most numbers written) go digit by digit into the
        // buffer: the same text as `format`, without a String per number.
        // (Below 2^53 a value is an integer exactly when converting it to Int64 and back keeps it;
        // unlike `rounded(.towardZero)` that needs no call into libm.)
        if value.magnitude < 9_007_199_254_740_992 && Double(Int64(value)) == value {
            return write(integer: Int64(value))
        }
        appendNonInteger(value)
    }

    /// An integer in decimal, as `String(value)` prints it: one digit appended directly (half of
    /// the integers written), otherwise the digits written backwards into a stack buffer by
    /// division by the constant 10 (a multiply), then appended.
    public mutating func write(integer value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20  // Int64.min: 19 digits and the sign
            repeat {
                i &-= 1
                digits[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                i &-= 1
                digits[i] = UInt8(ascii: "-")
            }
            // Byte by byte: `append(contentsOf:)` costs more than a few appends at this size.
            while i < 20 {
                bytes.append(digits[i])
                i &+= 1
            }
        }
    }

    /// Appends `text` as it is: for writers that emit known keys and punctuation directly.
    mutating func writeRaw(_ text: StaticString) {
        if text.utf8CodeUnitCount == 1 { return bytes.append(text.utf8Start.pointee) }
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A string in quotes: runs of bytes that need no escape are appended whole (a key or a
    /// name is usually one such run), the others escaped one by one.
    public mutating func write(string: String) {
        var string = string
        bytes.append(UInt8(ascii: "\""))
        string.withUTF8 { utf8 in
            var clean = 0  // start of the bytes not appended yet
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if clean < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<i])) }
                appendEscaped(b)
                clean = i &+ 1
            }
            if clean < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"`, `\` or a control character, escaped.
    private mutating func appendEscaped(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(b)
        case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(b)
        case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
        default:
            appendASCII("\\u00")
            bytes.append(JSONWriter.hexDigit(b >> 4))
            bytes.append(JSONWriter.hexDigit(b & 0xF))
        }
    }

    private mutating func appendASCII(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? v + 0x30 : v - 10 + UInt8(ascii: "a") }

    /// ECMAScript Number::toString(x) for a finite Double: "0" for ±0, "1", "0.1", "1.5e-7", "1e+21".
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN || value.isInfinite { return "null" }
        // Integers (counts, offsets, sizes: most numbers written) print as their digits, the
        // same text as the general path below, without its string surgery.
        if value.rounded(.towardZero) == value && value.magnitude < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        var writer = JSONWriter(reservingCapacity: 32)
        writer.appendNonInteger(value)
        return writer.string
    }
}

extension JSONValue {
    /// The compact, deterministic encoding (see `JSONWriter`).
    public func encodedBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }

    public func encodedString() -> String { String(decoding: encodedBytes(), as: UTF8.self) }
}

extension JSONObject {
    public func encodedBytes() -> [UInt8] { JSONValue.object(self).encodedBytes() }
    public func encodedString() -> String { JSONValue.object(self).encodedString() }
}
