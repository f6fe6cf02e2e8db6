/// The non-empty fine bins of a numeric column as one JSON-safe string (summary format 2):
/// per non-empty bin, in bin order, three unsigned numbers — the distance from the previous
/// non-empty bin (from bin 0 for the first), the count, and the in-bin offset sum — each
/// written as a 6-bit varint: characters of the URL-safe base64 alphabet, 5 data bits each,
/// least significant first, the 6th bit set on every character but a number's last.
///
/// Why not JSON arrays (format 1): a 250-event sub-window fills ~250 of the ~2,000 bins, so a
/// summary holds ~15,000 small integers; as JSON numbers each cost a `JSONValue` and a number
/// parse on the model stage (together about a quarter of `run`'s CPU at 40 partitions), as
/// characters a table lookup. Deltas below 32, counts of 1 and offsets below 32 take one
/// character each; the alphabet needs no JSON escaping.
enum FineBinText {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Character → 6-bit value, 0xFF for characters outside the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Appends the text of the non-empty bins (counts and offsets are never negative).
    static func append(bins: [Int], offsets: [Int], to bytes: inout [UInt8]) {
        alphabet.withUnsafeBufferPointer { a in
            bins.withUnsafeBufferPointer { b in
                offsets.withUnsafeBufferPointer { o in
                    var previous = 0
                    for k in 0..<b.count where b[k] != 0 {
                        appendNumber(UInt64(k - previous), a, &bytes)
                        appendNumber(UInt64(truncatingIfNeeded: b[k]), a, &bytes)
                        appendNumber(UInt64(truncatingIfNeeded: o[k]), a, &bytes)
                        previous = k
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func appendNumber(_ value: UInt64, _ a: UnsafeBufferPointer<UInt8>, _ bytes: inout [UInt8]) {
        var v = value
        while v >= 32 {
            bytes.append(a[Int(v & 31) | 32])
            v >>= 5
        }
        bytes.append(a[Int(v)])
    }

    /// Fills `bins` and `offsets` (already sized to the bin count, zeroed) from `text`; throws
    /// on a character outside the alphabet, a truncated triple, a bin out of range or a count of 0.
    static func decode(_ text: String, into bins: inout [Int], _ offsets: inout [Int], path: String) throws {
        var text = text
        try text.withUTF8 { utf8 in
            try values.withUnsafeBufferPointer { table in
                var position = 0
                func number() throws -> Int {
                    var result: UInt64 = 0, shift: UInt64 = 0
                    while true {
                        guard position < utf8.count else { throw SummaryFormatError("\(path).b ends inside a bin") }
                        let v = table[Int(utf8[position])]
                        position += 1
                        guard v != 0xFF else { throw SummaryFormatError("\(path).b holds a character outside its alphabet") }
                        guard shift < 60 else { throw SummaryFormatError("\(path).b holds a number too large") }
                        result |= UInt64(v & 31) << shift
                        if v < 32 { return Int(result) }
                        shift += 5
                    }
                }
                var k = 0, first = true
                while position < utf8.count {
                    let delta = try number()
                    guard first || delta > 0 else { throw SummaryFormatError("\(path).b names bin \(k) twice") }
                    k += delta
                    first = false
                    let count = try number(), offset = try number()
                    guard k < bins.count, count > 0 else {
                        throw SummaryFormatError(count > 0 ? "\(path): bin \(k) out of range" : "\(path): bin \(k) has a count of 0")
                    }
                    bins[k] = count
                    offsets[k] = offset
                }
            }
        }
    }
}
