import Testing
@testable import DriftwatchCore

/// `JSONWriter`'s number text (written byte by byte since the performance work of issue 11) is
/// the text of the string-surgery formatter it replaced, kept here as the oracle, for random
/// doubles of every magnitude and for integers around 2^53 (the integer fast path).
@Suite struct JSONNumberFormatTests {
    /// The previous `JSONWriter.format`, verbatim.
    static func previousFormat(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN || value.isInfinite { return "null" }
        if value.rounded(.towardZero) == value && value.magnitude < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        var text = value.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var digits = ""
        var pointPosition = text.count
        for (i, c) in text.enumerated() {
            if c == "." { pointPosition = i } else { digits.append(c) }
        }
        var n = pointPosition + exponent
        while digits.first == "0" { digits.removeFirst(); n -= 1 }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let sign = value < 0 ? "-" : ""
        if k <= n && n <= 21 { return sign + digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < n && n <= 0 { return sign + "0." + String(repeating: "0", count: -n) + digits }
        let e = n - 1
        let exponentText = (e < 0 ? "e-" : "e+") + String(e.magnitude)
        if k == 1 { return sign + digits + exponentText }
        return sign + String(digits.first!) + "." + digits.dropFirst() + exponentText
    }

    static func written(_ d: Double) -> String {
        var writer = JSONWriter()
        writer.write(number: d)
        return writer.string
    }

    @Test func sameTextAsThePreviousFormatter() {
        var rng = SplitMix64(seed: 99)
        var values: [Double] = [1e21, 1e-7, 1e-6, 0.1, 123.456, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 9_007_199_254_740_992,
                                9_007_199_254_740_991, -9_007_199_254_740_993, 1e15 + 0.5, 0.30000000000000004]
        for _ in 0..<50_000 {
            // Any finite bit pattern, and short decimals of every scale (what reports hold).
            values.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.chance(0.5) ? -1 : 1))
            let scale = Double(rng.integer(-30, 30))
            values.append((Double(rng.integer(-99_999, 99_999)) / 1000) * pow10(scale))
            values.append(Double(rng.integer(Int(Int32.min), Int(Int32.max))))
        }
        for d in values {
            #expect(Self.written(d) == Self.previousFormat(d), "\(d.bitPattern)")
            #expect(JSONWriter.format(d) == Self.previousFormat(d), "\(d.bitPattern)")
        }
    }

    private func pow10(_ e: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(e.magnitude) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}
