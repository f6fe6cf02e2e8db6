/// Appends JSON tokens to a byte buffer without Foundation, deterministically.
///
/// Numbers are written in fixed point with a given number of decimals (trailing zeros trimmed),
/// so output bytes are identical on every platform and integers are written without a dot.
struct JSONByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A JSON string; callers pass only ASCII without quotes or backslashes (names we control).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"name":` with a leading comma unless `first`.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    mutating func unsigned(_ value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(buffer[index])
            }
        }
    }

    /// A number rounded to `decimals` places, written without exponent or trailing zeros.
    mutating func number(_ value: Double, decimals: Int) {
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e15 else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var fixed = UInt64(scaled)
        if value < 0 && fixed > 0 { bytes.append(UInt8(ascii: "-")) }
        let divisor = UInt64(scale)
        unsigned(fixed / divisor)
        fixed %= divisor
        guard fixed > 0 else { return }
        var places = decimals
        while fixed % 10 == 0 {
            fixed /= 10
            places -= 1
        }
        bytes.append(UInt8(ascii: "."))
        var leading = places - 1
        var probe = fixed
        while probe >= 10 {
            probe /= 10
            leading -= 1
        }
        for _ in 0..<leading { bytes.append(UInt8(ascii: "0")) }
        unsigned(fixed)
    }
}
