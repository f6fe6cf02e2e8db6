import Foundation
@testable import DriftwatchCore

/// A seeded generator of JSON texts (valid and broken) for checking `JSONValue.parse` against
/// Foundation's JSONSerialization. SplitMix64, so every run sees the same corpus.
struct JSONCorpus {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    // MARK: Valid texts

    mutating func whitespace() -> String {
        guard chance(0.3) else { return "" }
        return String((0..<(1 + int(3))).map { _ in [" ", "\n", "\t", "\r"][int(4)] })
    }

    mutating func value(depth: Int) -> String {
        let kind = depth >= 5 ? int(6) : int(8)
        switch kind {
        case 0: return ["null", "true", "false"][int(3)]
        case 1, 2: return number()
        case 3, 4, 5: return "\"" + stringBody() + "\""
        case 6:
            let n = int(5)
            return "[" + whitespace() + (0..<n).map { _ in value(depth: depth + 1) + whitespace() }.joined(separator: "," + whitespace()) + "]"
        default:
            let n = int(6)
            return "{" + whitespace() + (0..<n).map { _ in
                "\"" + key() + "\"" + whitespace() + ":" + whitespace() + value(depth: depth + 1) + whitespace()
            }.joined(separator: "," + whitespace()) + "}"
        }
    }

    mutating func key() -> String {
        let names = ["a", "b", "amount", "age", "event_id", "score", "x1", "long_feature_name_number_7", "é", "ключ", "k\\\"q", "\\u0041"]
        return names[int(names.count)]
    }

    mutating func digits(_ n: Int, leadingNonZero: Bool) -> String {
        String((0..<n).map { i in Character(String(i == 0 && leadingNonZero ? 1 + int(9) : int(10))) })
    }

    mutating func number() -> String {
        let sign = chance(0.3) ? "-" : ""
        switch int(9) {
        case 0: return sign + "0"
        case 1: return sign + digits(1 + int(6), leadingNonZero: true)
        case 2: return sign + digits(16 + int(10), leadingNonZero: true) // beyond Int64 sometimes
        case 3: return sign + digits(1 + int(4), leadingNonZero: true) + "." + digits(1 + int(8), leadingNonZero: false)
        case 4: return sign + "0." + digits(1 + int(20), leadingNonZero: false)
        case 5:
            let e = ["e", "E"][int(2)] + ["", "+", "-"][int(3)] + String(int(290))
            return sign + digits(1 + int(3), leadingNonZero: true) + (chance(0.5) ? "." + digits(1 + int(17), leadingNonZero: false) : "") + e
        case 6:
            // A random finite double printed with 17 significant digits (exercises rounding).
            let d = Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)
            return sign + String(format: "%.17g", d).replacingOccurrences(of: "inf", with: "1")
        case 7:
            let d = Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)
            return sign + "\(d)".replacingOccurrences(of: "inf", with: "1")
        default:
            return sign + digits(1 + int(3), leadingNonZero: true) + "." + digits(30 + int(20), leadingNonZero: false) + "e-" + String(int(20))
        }
    }

    mutating func stringBody() -> String {
        var s = ""
        let length = chance(0.1) ? 20 + int(80) : int(12)
        for _ in 0..<length {
            switch int(12) {
            case 0: s += ["\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t"][int(8)]
            case 1:
                var v = UInt32(int(0xD800))
                if chance(0.3) { v = UInt32(0xE000 + int(0x2000)) }
                let hex = String(v, radix: 16, uppercase: chance(0.5))
                s += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            case 2:
                let c = 0x10000 + UInt32(int(0xFFFFF))
                let hi = 0xD800 + ((c - 0x10000) >> 10), lo = 0xDC00 + ((c - 0x10000) & 0x3FF)
                s += "\\u" + String(hi, radix: 16) + "\\u" + String(lo, radix: 16, uppercase: true)
            case 3: s += ["é", "ß", "€", "中", "😀", "𝄞", "\u{7F}", "\u{FFFF}", "\u{10FFFF}", "ü"][int(10)]
            default:
                let c = Character(Unicode.Scalar(UInt8(0x20 + int(0x5F))))
                s += c == "\\" ? "\\\\" : c == "\"" ? "'" : String(c)
            }
        }
        return s
    }

    // MARK: Broken texts

    /// A mutation of a valid text; most of them are invalid JSON, some stay valid.
    mutating func mutate(_ text: [UInt8]) -> [UInt8] {
        var t = text
        let at = t.isEmpty ? 0 : int(t.count)
        switch int(10) {
        case 0: return Array(t.prefix(at))
        case 1: if !t.isEmpty { t[at] = UInt8(truncatingIfNeeded: next()) }
        case 2: t.insert(UInt8(truncatingIfNeeded: next()), at: at)
        case 3: if !t.isEmpty { t.remove(at: at) }
        case 4:
            let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3]]
            t.insert(contentsOf: bad[int(bad.count)], at: quoteInside(t) ?? at)
        case 5:
            let bad = ["\\x", "\\u12G4", "\\uD800", "\\uDC00", "\\uD800\\u0041", "\\", "\\u", "\\uDBFF\\uDBFF", "\u{1}", "\t"]
            t.insert(contentsOf: Array(bad[int(bad.count)].utf8), at: quoteInside(t) ?? at)
        case 6:
            let bad = ["01", "+1", ".5", "1.", "1e", "-", "NaN", "Infinity", "1e400", "-1e400", "0x10", "1.5e+", "--1", "-01.5", "1.e3", "00", "-", "1e-400", "0e999999", "1E+2"]
            t = Array(("[" + bad[int(bad.count)] + "," + String(decoding: text, as: UTF8.self) + "]").utf8)
        case 7:
            let garbage = ["x", "}", " 1", ",", "]", " ", "\n", "{}", "\"", "nul"]
            t += Array(garbage[int(garbage.count)].utf8)
        case 8:
            let n = 508 + int(8)
            let object = chance(0.5)
            let open = object ? String(repeating: "{\"k\":", count: n) : String(repeating: "[", count: n)
            let close = String(repeating: object ? "}" : "]", count: n)
            t = Array((open + String(decoding: text, as: UTF8.self) + close).utf8)
        default:
            let literals = ["tru", "nulll", "fals", "True", "NULL", "[,1]", "{\"a\"}", "{\"a\":}", "{1:2}", "[1 2]", "[1,]", "{\"a\":1,}"]
            t = Array(literals[int(literals.count)].utf8)
        }
        return t
    }

    /// A position just after an opening quote, if the text has one.
    mutating func quoteInside(_ t: [UInt8]) -> Int? {
        let quotes = t.indices.filter { t[$0] == UInt8(ascii: "\"") }
        guard !quotes.isEmpty else { return nil }
        return quotes[int(quotes.count)] + 1
    }
}
