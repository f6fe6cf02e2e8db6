#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONScanner {
    /// 10^e for 0 <= e <= 22, exactly (all are representable).
    @inline(__always)
    static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Reads a number at `pos` (which holds '-' or a digit) per RFC 8259 and returns the correctly
    /// rounded Double. Simple decimals (<= 15 significant digits, |exponent| <= 22) take Clinger's
    /// exact fast path; everything else goes through `strtod` on a stack copy of the digits.
    /// Numbers beyond Double's range are rejected (as JSONSerialization does); underflow gives 0.
    @inline(__always)
    mutating func readNumber() throws(DecodeFailure) -> Double {
        let base = self.base
        let count = self.count
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
                if significantDigits < 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent &+= 1 }
                significantDigits &+= 1
                p &+= 1
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
                    exponent &-= 1 // a leading zero of the fraction: not significant
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significantDigits &+= 1
                    exponent &-= 1
                } else {
                    significantDigits &+= 1
                }
                p &+= 1
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
            let value = exponent >= 0 ? m * Self.powerOfTen(exponent) : m / Self.powerOfTen(-exponent)
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
            #if canImport(Glibc)
            let previous = uselocale(cNumericLocale)
            defer { uselocale(previous) }
            return strtod(out, nil)
            #else
            return strtod(out, nil)
            #endif
        }
    }
}

#if canImport(Glibc)
/// The "C" locale, made current around `strtod` (per thread, `uselocale`): a process that calls `setlocale` with a locale whose decimal
/// separator is ',' must not change how JSON numbers parse.
nonisolated(unsafe) private let cNumericLocale: locale_t = newlocale(LC_NUMERIC_MASK, "C", nil)
#endif
