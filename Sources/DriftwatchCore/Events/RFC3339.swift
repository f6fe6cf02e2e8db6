/// RFC 3339 date-times <-> epoch milliseconds, without Foundation or clocks.
///
/// Parsing accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with 't', 'z' or a space as
/// RFC 3339 allows; validates month, day of month (leap years), hour, minute, second (60 is
/// accepted as a leap second and counts as the next second) and offset; truncates the fraction
/// to whole milliseconds (toward the past). Formatting gives `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, always
/// three fraction digits, like JavaScript's `toISOString`), the form used in output messages.
public enum RFC3339 {
    /// Epoch milliseconds for an RFC 3339 date-time, or nil if it is not one.
    public static func epochMilliseconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { epochMilliseconds(UnsafeRawBufferPointer($0)) }
    }

    /// Epoch milliseconds for UTF-8 bytes holding an RFC 3339 date-time, or nil if they do not.
    public static func epochMilliseconds(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        guard n >= 20 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var v = 0
            for i in at..<at + count {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = digits(8, 2),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              let hour = digits(11, 2), bytes[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), bytes[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var i = 19
        var milliseconds = 0
        if bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                if i - fractionStart < 3 { milliseconds = milliseconds * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            let fractionDigits = i - fractionStart
            guard fractionDigits > 0 else { return nil }
            for _ in min(fractionDigits, 3)..<3 { milliseconds *= 10 }
        }
        guard i < n else { return nil }
        var offsetMinutes = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 <= n, let oh = digits(i + 1, 2), bytes[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh <= 23, om <= 59 else { return nil }
            offsetMinutes = (oh * 60 + om) * (bytes[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60
        return Double(seconds * 1000 + milliseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` for epoch milliseconds (floored to a whole millisecond).
    /// Years outside 0…9999 are not representable in RFC 3339 and are clamped.
    public static func format(epochMilliseconds: Double) -> String {
        let limit = 253_402_300_799_999.0 // 9999-12-31T23:59:59.999Z
        let clamped = epochMilliseconds.isNaN ? 0 : min(max(epochMilliseconds, -62_167_219_200_000), limit)
        let total = Int(clamped.rounded(.down))
        var days = total / 86_400_000
        var rest = total % 86_400_000
        if rest < 0 { rest += 86_400_000; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        let ms = rest % 1000
        let s = rest / 1000 % 60
        let min = rest / 60_000 % 60
        let h = rest / 3_600_000
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(min, 2) + ":" + pad(s, 2) + "." + pad(ms, 3) + "Z"
    }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysFromCivil` (Howard Hinnant's civil_from_days).
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
