#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-level JSON reader (RFC 8259) under `EventDecoder` and `JSONValue.parse`.
///
/// It reads straight from the message bytes and never allocates: strings without escapes are
/// returned as spans of the input; strings with escapes are decoded into `scratch`, which the
/// owner sizes to at least the input length (decoding never grows a string, so everything decoded
/// from one document fits, and every span stays valid until the document is done).
/// It validates UTF-8 inside strings, rejects lone surrogates, leading zeros, '+', '.5', '1.',
/// NaN/Infinity, numbers beyond Double's range, control characters in strings, trailing commas and
/// nesting deeper than `maximumDepth` — the same accept/reject as Foundation's JSONSerialization,
/// except that JSONSerialization tolerates trailing commas and UTF-16/32 input.
struct JSONScanner {
    /// JSONSerialization accepts 512 nested arrays/objects and rejects 513.
    static let maximumDepth = 512

    let base: UnsafePointer<UInt8>
    let count: Int
    var pos: Int
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchUsed = 0
    /// Start of the last number read, for messages that quote it.
    var numberStart = 0

    /// `scratch` must hold at least `count` bytes. A leading UTF-8 byte order mark is skipped
    /// (RFC 8259 section 8.1 allows it; JSONSerialization does the same).
    init(base: UnsafePointer<UInt8>, count: Int, scratch: UnsafeMutablePointer<UInt8>) {
        self.base = base
        self.count = count
        self.scratch = scratch
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 } else { pos = 0 }
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    /// Skips whitespace and returns the next byte without consuming it; throws at end of input.
    @inline(__always)
    mutating func peekToken() throws(DecodeFailure) -> UInt8 {
        skipWhitespace()
        guard pos < count else { throw .truncated(at: pos) }
        return base[pos]
    }

    /// After a member or element: consumes ',' (returns true) or `close` (returns false).
    @inline(__always)
    mutating func nextSeparator(close: UInt8) throws(DecodeFailure) -> Bool {
        let b = try peekToken()
        pos += 1
        if b == UInt8(ascii: ",") { return true }
        if b == close { return false }
        pos -= 1
        throw .unexpected(b, at: pos, expecting: close == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'")
    }

    /// Reads an object key and the ':' after it. The caller has seen '"' or will get an error.
    @inline(__always)
    mutating func readKey() throws(DecodeFailure) -> ByteSpan {
        let b = try peekToken()
        guard b == UInt8(ascii: "\"") else { throw .unexpected(b, at: pos, expecting: "a string key") }
        let key = try readString()
        let colon = try peekToken()
        guard colon == UInt8(ascii: ":") else { throw .unexpected(colon, at: pos, expecting: "':' after an object key") }
        pos += 1
        return key
    }

    /// Consumes `{`; returns false if the object is empty (and consumes its `}` too).
    @inline(__always)
    mutating func beginObject() throws(DecodeFailure) -> Bool {
        pos += 1 // '{'
        if try peekToken() == UInt8(ascii: "}") { pos += 1; return false }
        return true
    }

    /// Throws unless only whitespace remains.
    mutating func finish() throws(DecodeFailure) {
        skipWhitespace()
        if pos < count { throw .syntax("trailing characters after the JSON value", at: pos) }
    }

    // MARK: Literals

    /// Reads `true`, `false` or `null` at `pos`; returns 1, 0 or -1.
    mutating func readLiteral() throws(DecodeFailure) -> Int {
        let b = base[pos]
        let (word, value): (StaticString, Int) = b == UInt8(ascii: "t") ? ("true", 1) : b == UInt8(ascii: "f") ? ("false", 0) : ("null", -1)
        let length = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<length {
            guard pos + i < count else { throw .truncated(at: count) }
            guard base[pos + i] == w[i] else { throw .syntax("invalid literal, expected \(word)", at: pos) }
        }
        pos += length
        return value
    }

    // MARK: Skipping

    /// Validates and skips one value of any kind; `depth` is the nesting depth of the container
    /// holding it (0 at top level).
    mutating func skipValue(depth: Int) throws(DecodeFailure) {
        let b = try peekToken()
        switch b {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): _ = try readLiteral()
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw .syntax("nesting deeper than \(Self.maximumDepth) levels", at: pos) }
            guard try beginObject() else { return }
            repeat {
                _ = try readKey()
                try skipValue(depth: depth + 1)
            } while try nextSeparator(close: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw .syntax("nesting deeper than \(Self.maximumDepth) levels", at: pos) }
            pos += 1
            if try peekToken() == UInt8(ascii: "]") { pos += 1; return }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextSeparator(close: UInt8(ascii: "]"))
        default:
            throw .unexpected(b, at: pos, expecting: "a value")
        }
    }
}

/// A run of bytes in the message or in the scanner's scratch buffer; valid while the document is.
struct ByteSpan {
    let start: UnsafePointer<UInt8>
    let count: Int

    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && bytesEqual(start, literal.utf8Start, count)
    }

    var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    var raw: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// The text for an error sentence: control characters replaced, at most 64 characters.
    var display: String {
        var text = string
        if text.unicodeScalars.count > 64 { text = String(text.unicodeScalars.prefix(64)) + "…" }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

/// Byte equality, 8 bytes at a time, inlined (memcmp's call costs more for names this short).
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var i = 0
    while i &+ 8 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i &+= 8
    }
    if i &+ 4 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt32.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt32.self) { return false }
        i &+= 4
    }
    while i < n {
        if a[i] != b[i] { return false }
        i &+= 1
    }
    return true
}
