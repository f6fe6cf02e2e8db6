#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONScanner {
    /// Exact powers of ten as Doubles (10^0 … 10^22 are all exactly representable).
    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

    /// Reads a number at `pos` (which holds '-' or a digit) per RFC 8259 and returns the correctly
    /// rounded Double. Simple decimals (<= 15 significant digits, |exponent| <= 22) take Clinger's
    /// exact fast path; everything else goes through `strtod` on a stack copy of the digits.
    /// Numbers beyond Double's range are rejected (as JSONSerialization does); underflow gives 0.
    @inline(__always)
    mutating func readNumber() throws(DecodeFailure) -> Double {
        let start = pos
        numberStart = start
        var p = pos
        var negative = false
        if base[p] == UInt8(ascii: "-") {
            negative = true
            p += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        guard p < count else { throw .truncated(at: count) }
        var d = base[p] &- UInt8(ascii: "0")
        guard d < 10 else { throw .syntax("invalid number, expected a digit after '-'", at: p) }
        if d == 0 {
            p += 1
            if p < count && base[p] &- UInt8(ascii: "0") < 10 { throw .syntax("invalid number, leading zero", at: start) }
        } else {
            repeat {
                if significantDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent += 1 }
                significantDigits += 1
                p += 1
                guard p < count else { break }
                d = base[p] &- UInt8(ascii: "0")
            } while d < 10
        }
        if p < count && base[p] == UInt8(ascii: ".") {
            p += 1
            guard p < count else { throw .truncated(at: count) }
            d = base[p] &- UInt8(ascii: "0")
            guard d < 10 else { throw .syntax("invalid number, expected a digit after '.'", at: p) }
            repeat {
                if mantissa == 0 && d == 0 {
                    exponent -= 1 // a leading zero of the fraction: not significant
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significantDigits += 1
                    exponent -= 1
                } else {
                    significantDigits += 1
                }
                p += 1
                guard p < count else { break }
                d = base[p] &- UInt8(ascii: "0")
            } while d < 10
        }
        if p < count && (base[p] | 0x20) == UInt8(ascii: "e") {
            p += 1
            guard p < count else { throw .truncated(at: count) }
            var exponentNegative = false
            if base[p] == UInt8(ascii: "-") || base[p] == UInt8(ascii: "+") {
                exponentNegative = base[p] == UInt8(ascii: "-")
                p += 1
                guard p < count else { throw .truncated(at: count) }
            }
            d = base[p] &- UInt8(ascii: "0")
            guard d < 10 else { throw .syntax("invalid number, expected a digit in the exponent", at: p) }
            var explicit = 0
            repeat {
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                p += 1
                guard p < count else { break }
                d = base[p] &- UInt8(ascii: "0")
            } while d < 10
            exponent += exponentNegative ? -explicit : explicit
        }
        pos = p
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if significantDigits <= 15 && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent >= 0 ? m * Self.powersOfTen[exponent] : m / Self.powersOfTen[-exponent]
            return negative ? -value : value
        }
        let value = Self.strtodSlice(base + start, p - start)
        guard value.isFinite else {
            throw DecodeFailure.syntax("number \(ByteSpan(start: base + start, count: p - start).display) is out of range of a Double", at: start)
        }
        return value
    }

    /// The raw text of the last number read.
    var lastNumberText: String { ByteSpan(start: base + numberStart, count: pos - numberStart).display }

    private static func strtodSlice(_ start: UnsafePointer<UInt8>, _ length: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            let out = buffer.baseAddress!
            UnsafeMutableRawPointer(out).copyMemory(from: start, byteCount: length)
            out[length] = 0
            return strtod(out, nil)
        }
    }
}
