public import Foundation

extension ReferenceProfile {
    /// Encodes as pretty-printed JSON with sorted keys, each array of numbers on one line so
    /// the structure stays readable (byte-identical for the same input).
    ///
    /// JSONEncoder writes the structure, but each column's `values` (nearly all of the bytes:
    /// 50,000 rows x 20 features) goes through it as a placeholder string and is written here
    /// afterwards, number by number as JSONEncoder writes a Double (`description` without a
    /// trailing ".0"): the same bytes, about 10x sooner than boxing a million numbers.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let placeholders = ValuesPlaceholders()
        encoder.userInfo[ValuesPlaceholders.key] = placeholders
        let structure = Self.collapsingNumberArrays(try encoder.encode(self))
        return placeholders.substitute(in: structure)
    }

    /// Rewrites every array holding only numbers (`[\n  1,\n  2\n]`) as `[1, 2]`.
    static func collapsingNumberArrays(_ json: Data) -> Data {
        let bytes = [UInt8](json)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            out.append(b)
            i += 1
            guard b == UInt8(ascii: "[") else {
                if b == UInt8(ascii: "\"") {
                    // Copy a string verbatim (it may contain brackets).
                    while i < bytes.count {
                        let c = bytes[i]
                        out.append(c)
                        i += 1
                        if c == UInt8(ascii: "\\"), i < bytes.count { out.append(bytes[i]); i += 1 }
                        else if c == UInt8(ascii: "\"") { break }
                    }
                }
                continue
            }
            // Look ahead: only digits, signs, dots, exponents, commas and whitespace up to ']'?
            var j = i
            var numeric = true
            while j < bytes.count && bytes[j] != UInt8(ascii: "]") {
                switch bytes[j] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: ","),
                     UInt8(ascii: " "), UInt8(ascii: "\n"):
                    j += 1
                default:
                    numeric = false
                }
                if !numeric { break }
            }
            guard numeric, j < bytes.count else { continue }
            var first = true
            for token in bytes[i..<j].split(whereSeparator: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) {
                if !first { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                out.append(contentsOf: token)
                first = false
            }
            out.append(UInt8(ascii: "]"))
            i = j + 1
        }
        return Data(out)
    }

}

extension ColumnProfile {
    /// As the synthesized encoding (absent optionals left out), except that `values` becomes a
    /// placeholder when `ReferenceProfile.encoded()` asks for one.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(count, forKey: .count)
        try container.encode(missing, forKey: .missing)
        if let values {
            if let placeholders = encoder.userInfo[ValuesPlaceholders.key] as? ValuesPlaceholders {
                try container.encode(placeholders.add(values), forKey: .values)
            } else {
                try container.encode(values, forKey: .values)
            }
        }
        try container.encodeIfPresent(sampledFrom, forKey: .sampledFrom)
        try container.encodeIfPresent(categories, forKey: .categories)
        try container.encodeIfPresent(p0_1, forKey: .p0_1)
        try container.encodeIfPresent(p99_9, forKey: .p99_9)
    }
}

/// The `values` arrays of one `encoded()` call, standing in the encoder's output as
/// `"values" : "\u0001values N"`: only a placeholder puts a string under a `values` key, and a
/// quote inside a name or category is escaped, so the pattern cannot come from the data.
final class ValuesPlaceholders: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "driftwatch.valuesPlaceholders")!
    private var arrays: [[Double]] = []

    func add(_ values: [Double]) -> String {
        arrays.append(values)
        return "\u{1}values \(arrays.count - 1)"
    }

    /// Replaces every `"values" : "\u0001values N"` in `json` by `"values" : ` and array N as
    /// `[1.5, 2, -0.25]`.
    func substitute(in json: Data) -> Data {
        let key = Array("\"values\" : ".utf8)
        let marker = key + Array("\"\\u0001values ".utf8)
        let bytes = [UInt8](json)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + arrays.reduce(0) { $0 + $1.count * 12 })
        var i = 0
        while i < bytes.count {
            if bytes[i] == marker[0], i + marker.count < bytes.count, bytes[i..<(i + marker.count)].elementsEqual(marker) {
                var j = i + marker.count
                var index = 0
                while bytes[j] != UInt8(ascii: "\"") {
                    index = index * 10 + Int(bytes[j] - UInt8(ascii: "0"))
                    j += 1
                }
                out.append(contentsOf: key)
                Self.write(arrays[index], to: &out)
                i = j + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return Data(out)
    }

    /// JSONEncoder's spelling of each number, then `collapsingNumberArrays`' layout.
    static func write(_ values: [Double], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (k, x) in values.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
            var text = x.description
            text.withUTF8 { utf8 in
                let n = utf8.count
                let integral = n > 2 && utf8[n - 1] == UInt8(ascii: "0") && utf8[n - 2] == UInt8(ascii: ".")
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[0..<(integral ? n - 2 : n)]))
            }
        }
        out.append(UInt8(ascii: "]"))
    }
}
