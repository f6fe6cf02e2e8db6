extension JSONScanner {
    /// Reads a string at `pos` (which holds '"'): validates it and returns its decoded UTF-8 bytes.
    @inline(__always)
    mutating func readString() throws(DecodeFailure) -> ByteSpan {
        let base = self.base
        let count = self.count
        let start = pos &+ 1
        var p = start
        // Fast path: 8 bytes at a time until the first '"', '\\', control or non-ASCII byte.
        while p &+ 8 <= count {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let mask = Self.attentionMask(word)
            if mask != 0 {
                p &+= mask.trailingZeroBitCount &>> 3
                if base[p] == UInt8(ascii: "\"") {
                    pos = p &+ 1
                    return ByteSpan(start: base + start, count: p &- start)
                }
                break
            }
            p &+= 8
        }
        pos = p
        return try readStringTail(from: start)
    }

    /// The byte-at-a-time rest of `readString`: the last bytes, non-ASCII and escapes.
    mutating func readStringTail(from start: Int) throws(DecodeFailure) -> ByteSpan {
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return ByteSpan(start: base + start, count: pos - 1 - start)
            }
            if b == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if b < 0x20 { throw .syntax("unescaped control character \(DecodeFailure.describe(b)) in a string", at: pos) }
            if b >= 0x80 { pos += try utf8SequenceLength(at: pos) } else { pos += 1 }
        }
        throw .truncated(at: count)
    }

    /// High bit set in each byte of `word` that is '"' (0x22), '\\' (0x5C), below 0x20 or at
    /// least 0x80 (SWAR). Bytes above the lowest flagged one may be flagged falsely (borrows);
    /// the lowest flagged byte is always a true one.
    @inline(__always)
    static func attentionMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasControl = (word &- (ones &* 0x20)) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & high
    }

    /// Length of the valid UTF-8 sequence starting at `i` (whose first byte is >= 0x80), per
    /// Unicode Table 3-7 (no overlongs, no surrogates, nothing above U+10FFFF).
    @inline(__always)
    func utf8SequenceLength(at i: Int) throws(DecodeFailure) -> Int {
        let b0 = base[i]
        let length: Int
        var low: UInt8 = 0x80, highest: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: throw .invalidUTF8(at: i)
        }
        guard i + length <= count else {
            // A sequence cut off by the end of input: report invalid UTF-8 if the bytes present are
            // already wrong, else truncation.
            for j in 1..<(count - i) where base[i + j] < 0x80 || base[i + j] > 0xBF { throw .invalidUTF8(at: i) }
            throw .truncated(at: count)
        }
        let b1 = base[i + 1]
        guard b1 >= low && b1 <= highest else { throw .invalidUTF8(at: i) }
        var j = 2
        while j < length {
            let b = base[i + j]
            guard b >= 0x80 && b <= 0xBF else { throw .invalidUTF8(at: i) }
            j += 1
        }
        return length
    }

    /// The slow path: the string has an escape. Copies what was read so far into scratch and
    /// decodes the rest there.
    mutating func readEscapedString(from start: Int) throws(DecodeFailure) -> ByteSpan {
        let out = scratch + scratchUsed
        var n = pos - start
        out.update(from: base + start, count: n)
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                scratchUsed += n
                return ByteSpan(start: UnsafePointer(out), count: n)
            }
            if b == UInt8(ascii: "\\") {
                guard pos + 1 < count else { throw .truncated(at: count) }
                let e = base[pos + 1]
                let simple: UInt8
                switch e {
                case UInt8(ascii: "\""): simple = 0x22
                case UInt8(ascii: "\\"): simple = 0x5C
                case UInt8(ascii: "/"): simple = 0x2F
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "u"):
                    let scalar = try readUnicodeEscape()
                    n += Self.writeUTF8(scalar, to: out + n)
                    continue
                default:
                    throw .syntax("invalid escape \\\(DecodeFailure.describe(e).trimmingQuotes) in a string", at: pos)
                }
                out[n] = simple
                n += 1
                pos += 2
                continue
            }
            if b < 0x20 { throw .syntax("unescaped control character \(DecodeFailure.describe(b)) in a string", at: pos) }
            if b >= 0x80 {
                let length = try utf8SequenceLength(at: pos)
                for j in 0..<length { out[n + j] = base[pos + j] }
                n += length
                pos += length
            } else {
                out[n] = b
                n += 1
                pos += 1
            }
        }
        throw .truncated(at: count)
    }

    /// Reads `\uXXXX` (or a surrogate pair `\uD8xx\uDCxx`) at `pos`; returns the scalar value.
    mutating func readUnicodeEscape() throws(DecodeFailure) -> UInt32 {
        let escapeStart = pos
        let first = try readHex4(at: pos + 2)
        pos += 6
        switch first {
        case 0xD800...0xDBFF:
            guard pos + 1 < count else { throw .truncated(at: count) }
            guard base[pos] == UInt8(ascii: "\\") && base[pos + 1] == UInt8(ascii: "u") else {
                throw .syntax("lone surrogate \\u\(Self.hex4(first)) in a string", at: escapeStart)
            }
            let second = try readHex4(at: pos + 2)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw .syntax("lone surrogate \\u\(Self.hex4(first)) in a string", at: escapeStart)
            }
            pos += 6
            return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            throw .syntax("lone surrogate \\u\(Self.hex4(first)) in a string", at: escapeStart)
        default:
            return first
        }
    }

    private func readHex4(at i: Int) throws(DecodeFailure) -> UInt32 {
        var value: UInt32 = 0
        for j in 0..<4 {
            guard i + j < count else { throw .truncated(at: count) }
            let c = base[i + j]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw .syntax("invalid \\u escape, expected 4 hex digits", at: i - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    @inline(__always)
    static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | (scalar >> 6))
            out[1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | (scalar >> 12))
            out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        default:
            out[0] = UInt8(0xF0 | (scalar >> 18))
            out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[3] = UInt8(0x80 | (scalar & 0x3F))
            return 4
        }
    }
}

private extension String {
    var trimmingQuotes: String { hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self }
}
