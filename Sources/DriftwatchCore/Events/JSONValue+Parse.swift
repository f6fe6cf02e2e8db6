extension JSONValue {
    /// Parses one complete JSON text (any value at top level) with the same rules as the event
    /// decoder. For tests, tools and small documents; the hot path is `EventDecoder`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(DecodeFailure) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw .truncated(at: 0) }
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        defer { scratch.deallocate() }
        var scanner = JSONScanner(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, scratch: scratch)
        let value = try scanner.readValue(depth: 0)
        try scanner.finish()
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(DecodeFailure) -> JSONValue {
        let result: Result<JSONValue, DecodeFailure> = bytes.withUnsafeBytes { raw in
            do throws(DecodeFailure) { return .success(try parse(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(DecodeFailure) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

extension JSONScanner {
    mutating func readValue(depth: Int) throws(DecodeFailure) -> JSONValue {
        let b = try peekToken()
        switch b {
        case UInt8(ascii: "\""): return .string(try readString().string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let literal = try readLiteral()
            return literal < 0 ? .null : .bool(literal == 1)
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw .syntax("nesting deeper than \(Self.maximumDepth) levels", at: pos) }
            var object = JSONObject()
            guard try beginObject() else { return .object(object) }
            repeat {
                let key = try readKey().string
                object.append(key, try readValue(depth: depth + 1))
            } while try nextSeparator(close: UInt8(ascii: "}"))
            return .object(object)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw .syntax("nesting deeper than \(Self.maximumDepth) levels", at: pos) }
            pos += 1
            var array: [JSONValue] = []
            if try peekToken() == UInt8(ascii: "]") { pos += 1; return .array(array) }
            repeat {
                array.append(try readValue(depth: depth + 1))
            } while try nextSeparator(close: UInt8(ascii: "]"))
            return .array(array)
        default:
            throw .unexpected(b, at: pos, expecting: "a value")
        }
    }
}
