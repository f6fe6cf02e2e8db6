/// The top-level fields of prediction and label events (SPEC section 3).
enum EventField: UInt8 {
    case eventID, modelID, modelVersion, timestamp, features, prediction, score, label, latencyMs, error, llm, unknown

    @inline(__always)
    init(_ key: ByteSpan) {
        switch key.count {
        case 3: self = key.equals("llm") ? .llm : .unknown
        case 5: self = key.equals("score") ? .score : key.equals("label") ? .label : key.equals("error") ? .error : .unknown
        case 8: self = key.equals("features") ? .features : key.equals("event_id") ? .eventID : key.equals("model_id") ? .modelID : .unknown
        case 9: self = key.equals("timestamp") ? .timestamp : .unknown
        case 10: self = key.equals("prediction") ? .prediction : key.equals("latency_ms") ? .latencyMs : .unknown
        case 13: self = key.equals("model_version") ? .modelVersion : .unknown
        default: self = .unknown
        }
    }

    var bit: UInt16 { 1 << UInt16(rawValue) }

    var name: String {
        switch self {
        case .eventID: "event_id"
        case .modelID: "model_id"
        case .modelVersion: "model_version"
        case .timestamp: "timestamp"
        case .features: "features"
        case .prediction: "prediction"
        case .score: "score"
        case .label: "label"
        case .latencyMs: "latency_ms"
        case .error: "error"
        case .llm: "llm"
        case .unknown: "unknown"
        }
    }
}

extension EventDecoder {
    @inline(__always)
    func read(_ field: EventField, key: ByteSpan, _ scanner: inout JSONScanner, into event: inout PredictionEvent) throws(DecodeFailure) {
        switch field {
        case .eventID:
            if let id = try readRequiredString(field, &scanner) { event.eventID = id.string }
        case .modelID:
            if let symbol = try matchPrevious(previousModelID, &scanner) {
                event.modelID = symbol
            } else if let id = try readRequiredString(field, &scanner) {
                event.modelID = intern(id)
                previousModelID = event.modelID
            }
        case .modelVersion:
            if let symbol = try matchPrevious(previousModelVersion, &scanner) {
                event.modelVersion = symbol
            } else if let version = try readOptionalString(field.name, &scanner) {
                event.modelVersion = intern(version)
                previousModelVersion = event.modelVersion
            }
        case .timestamp:
            event.timestampMs = try readTimestamp(&scanner)
        case .features:
            let b = try scanner.peekToken()
            if b == UInt8(ascii: "{") {
                try readFeatures(&scanner, into: &event)
            } else {
                try wrongType(field.name, b, expected: "an object", &scanner)
            }
        case .prediction:
            event.prediction = try readOutcome(field, &scanner)
        case .label:
            event.label = try readOutcome(field, &scanner)
        case .score:
            event.score = try readNumber(field.name, &scanner, minimum: 0, maximum: 1)
        case .latencyMs:
            event.latencyMs = try readNumber(field.name, &scanner, minimum: 0)
        case .error:
            if let error = try readOptionalString(field.name, &scanner) { event.error = error.string }
        case .llm:
            let b = try scanner.peekToken()
            if b == UInt8(ascii: "{") {
                event.llm = try readLLM(&scanner)
            } else if b == UInt8(ascii: "n") {
                _ = try scanner.readLiteral()
            } else {
                try wrongType(field.name, b, expected: "an object", &scanner)
            }
        case .unknown:
            try scanner.skipValue(depth: 1)
        }
    }

    /// `symbol` when the value at the scanner is that symbol's plain name in quotes (then
    /// consumed); nil otherwise, the scanner left at the value.
    @inline(__always)
    func matchPrevious(_ symbol: Symbol?, _ scanner: inout JSONScanner) throws(DecodeFailure) -> Symbol? {
        guard let symbol, try scanner.peekToken() == UInt8(ascii: "\""),
              let end = symbols.matchInPlace(symbol, scanner.base, scanner.pos &+ 1, scanner.count) else { return nil }
        scanner.pos = end
        return symbol
    }

    /// A required string field; null or another type is a failure (recorded; returns nil).
    @inline(__always)
    func readRequiredString(_ field: EventField, _ scanner: inout JSONScanner) throws(DecodeFailure) -> ByteSpan? {
        let b = try scanner.peekToken()
        if b == UInt8(ascii: "\"") { return try scanner.readString() }
        try wrongType(field.name, b, expected: "a string", &scanner)
        return nil
    }

    /// An optional string field: null means absent.
    @inline(__always)
    func readOptionalString(_ name: String, _ scanner: inout JSONScanner) throws(DecodeFailure) -> ByteSpan? {
        let b = try scanner.peekToken()
        if b == UInt8(ascii: "\"") { return try scanner.readString() }
        if b == UInt8(ascii: "n") { _ = try scanner.readLiteral(); return nil }
        try wrongType(name, b, expected: "a string", &scanner)
        return nil
    }

    /// An optional number field with a range: null means absent.
    @inline(__always)
    func readNumber(_ name: String, _ scanner: inout JSONScanner, minimum: Double, maximum: Double = .infinity) throws(DecodeFailure) -> Double? {
        let b = try scanner.peekToken()
        if b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") < 10 {
            let value = try scanner.readNumber()
            if value < minimum || value > maximum {
                let range = maximum.isInfinite ? "below \(JSONWriter.format(minimum))" : "outside [\(JSONWriter.format(minimum)), \(JSONWriter.format(maximum))]"
                fail(DecodeFailure("field \(name) is \(scanner.lastNumberText), \(range)"))
            }
            return value
        }
        if b == UInt8(ascii: "n") { _ = try scanner.readLiteral(); return nil }
        try wrongType(name, b, expected: "a number", &scanner)
        return nil
    }

    /// An optional boolean field: null means absent.
    func readOptionalBool(_ name: String, _ scanner: inout JSONScanner) throws(DecodeFailure) -> Bool? {
        let b = try scanner.peekToken()
        if b == UInt8(ascii: "t") || b == UInt8(ascii: "f") || b == UInt8(ascii: "n") {
            let literal = try scanner.readLiteral()
            return literal < 0 ? nil : literal == 1
        }
        try wrongType(name, b, expected: "true or false", &scanner)
        return nil
    }

    /// A prediction or label: number, string (category) or bool (category); null means absent.
    func readOutcome(_ field: EventField, _ scanner: inout JSONScanner) throws(DecodeFailure) -> Outcome? {
        let b = try scanner.peekToken()
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try scanner.readNumber())
        case UInt8(ascii: "\""):
            return .category(intern(try scanner.readString()))
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let literal = try scanner.readLiteral()
            return literal < 0 ? nil : .category(literal == 1 ? trueSymbol : falseSymbol)
        default:
            try wrongType(field.name, b, expected: "a number, string or bool", &scanner)
            return nil
        }
    }

    /// `timestamp`: epoch milliseconds or an RFC 3339 string; null means absent.
    func readTimestamp(_ scanner: inout JSONScanner) throws(DecodeFailure) -> Double? {
        let b = try scanner.peekToken()
        if b == UInt8(ascii: "\"") {
            let text = try scanner.readString()
            guard let ms = RFC3339.epochMilliseconds(text.raw) else {
                fail(DecodeFailure("field timestamp \"\(text.display)\" is not an RFC 3339 date-time"))
                return nil
            }
            return ms
        }
        return try readNumber("timestamp", &scanner, minimum: -.infinity)
    }

    /// Records a type failure for `name` and skips (and validates) the value.
    func wrongType(_ name: String, _ b: UInt8, expected: String, _ scanner: inout JSONScanner) throws(DecodeFailure) {
        let type = JSONType(b)
        guard type != .invalid else { throw .unexpected(b, at: scanner.pos, expecting: "a value") }
        fail(DecodeFailure("field \(name) has type \(type.name), expected \(expected)"))
        try scanner.skipValue(depth: 1)
    }

    /// The `llm` object: model, prompt_tokens, completion_tokens, ttft_ms, finish_reason, cost_usd,
    /// and the optional judge fields quality (0–5), groundedness (0–1), safety_flag (bool), tried
    /// last so that requests without them compare no more keys than before.
    func readLLM(_ scanner: inout JSONScanner) throws(DecodeFailure) -> LLMUsage {
        var usage = LLMUsage()
        guard try scanner.beginObject() else { return usage }
        var seen: UInt16 = 0
        repeat {
            let key = try scanner.readKey()
            let index: UInt16
            let name: String
            if key.equals("model") { index = 0; name = "llm.model" }
            else if key.equals("prompt_tokens") { index = 1; name = "llm.prompt_tokens" }
            else if key.equals("completion_tokens") { index = 2; name = "llm.completion_tokens" }
            else if key.equals("ttft_ms") { index = 3; name = "llm.ttft_ms" }
            else if key.equals("finish_reason") { index = 4; name = "llm.finish_reason" }
            else if key.equals("cost_usd") { index = 5; name = "llm.cost_usd" }
            else if key.equals("quality") { index = 6; name = "llm.quality" }
            else if key.equals("groundedness") { index = 7; name = "llm.groundedness" }
            else if key.equals("safety_flag") { index = 8; name = "llm.safety_flag" }
            else {
                try scanner.skipValue(depth: 2)
                continue
            }
            if seen & (1 << index) != 0 { fail(DecodeFailure("duplicate field \(name)")) }
            seen |= 1 << index
            switch index {
            case 0: if let s = try readOptionalString(name, &scanner) { usage.model = intern(s) }
            case 1: usage.promptTokens = try readNumber(name, &scanner, minimum: 0)
            case 2: usage.completionTokens = try readNumber(name, &scanner, minimum: 0)
            case 3: usage.ttftMs = try readNumber(name, &scanner, minimum: 0)
            case 4: if let s = try readOptionalString(name, &scanner) { usage.finishReason = intern(s) }
            case 5: usage.costUSD = try readNumber(name, &scanner, minimum: 0)
            case 6: usage.quality = try readNumber(name, &scanner, minimum: 0, maximum: 5)
            case 7: usage.groundedness = try readNumber(name, &scanner, minimum: 0, maximum: 1)
            default: usage.safetyFlag = try readOptionalBool(name, &scanner)
            }
        } while try scanner.nextSeparator(close: UInt8(ascii: "}"))
        return usage
    }
}
