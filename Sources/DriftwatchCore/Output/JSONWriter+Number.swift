extension JSONWriter {
    /// ECMAScript Number::toString of a finite, non-zero double, appended byte by byte: Swift's
    /// `description` gives the shortest digits that round-trip ("1.5e-07", "0.1", "123.456"),
    /// re-laid out as JavaScript prints them (plain from 1e-6 up to 1e21, exponent form outside).
    /// value = 0.d1d2…dk × 10^n after leading and trailing zeros are dropped.
    mutating func appendNonInteger(_ value: Double) {
        var text = value.magnitude.description
        text.withUTF8 { t in
            // Mantissa text t[..<end] and its decimal exponent.
            var end = t.count
            var exponent = 0
            if let e = t.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                end = e
                var i = e + 1
                var negative = false
                if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) {
                    negative = t[i] == UInt8(ascii: "-")
                    i += 1
                }
                while i < t.count { exponent = exponent * 10 + Int(t[i] &- UInt8(ascii: "0")); i += 1 }
                if negative { exponent = -exponent }
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(end, 1)) { digits in
                var k = 0
                var pointPosition = end
                for i in 0..<end {
                    if t[i] == UInt8(ascii: ".") { pointPosition = i } else { digits[k] = t[i]; k += 1 }
                }
                var n = pointPosition + exponent
                var first = 0
                while first < k && digits[first] == UInt8(ascii: "0") { first += 1; n -= 1 }
                while k > first && digits[k - 1] == UInt8(ascii: "0") { k -= 1 }
                let significant = UnsafeBufferPointer(rebasing: digits[first..<k])
                let count = significant.count
                if value < 0 { bytes.append(UInt8(ascii: "-")) }
                if count <= n && n <= 21 {
                    bytes.append(contentsOf: significant)
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - count))
                } else if 0 < n && n <= 21 {
                    bytes.append(contentsOf: significant[..<(significant.startIndex + n)])
                    bytes.append(UInt8(ascii: "."))
                    bytes.append(contentsOf: significant[(significant.startIndex + n)...])
                } else if -6 < n && n <= 0 {
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "."))
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
                    bytes.append(contentsOf: significant)
                } else {
                    bytes.append(significant[significant.startIndex])
                    if count > 1 {
                        bytes.append(UInt8(ascii: "."))
                        bytes.append(contentsOf: significant[(significant.startIndex + 1)...])
                    }
                    let e = n - 1
                    bytes.append(UInt8(ascii: "e"))
                    bytes.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                    write(integer: Int64(e.magnitude))
                }
            }
        }
    }
}
