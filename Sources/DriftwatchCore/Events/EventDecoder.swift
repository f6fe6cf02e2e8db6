/// Decodes prediction events and label events (SPEC section 3) straight from message bytes into a
/// reused value: no intermediate dictionaries, no `String` for names or categories seen before.
///
///     let decoder = EventDecoder()            // one per pipeline task, with its SymbolTable
///     var event = PredictionEvent()
///     do {
///         try decoder.decode(payload, into: &event)   // UnsafeRawBufferPointer or [UInt8]
///         // use event; decoder.symbols.string(for: event.modelID) …
///     } catch {
///         // error.reason is the dead-letter `error` header
///     }
///
/// Rules (beyond RFC 8259 syntax, see `JSONScanner`):
/// - `event_id`, `model_id` strings and a `features` object are required; `prediction` is required
///   unless `error` is present. `null` in an optional field means absent.
/// - features: number, string (a category), bool (category "true"/"false") or null (missing);
///   an object or array value is a type error.
/// - `score` in [0, 1]; `latency_ms` and the `llm` counters and cost >= 0; `timestamp` epoch-ms
///   number or RFC 3339 string.
/// - Duplicate keys are rejected ("duplicate field score", "duplicate feature amount"):
///   a message that says two things about one field is bad input, not a guess to make.
/// - Unknown fields are skipped (and validated as JSON). A syntax error anywhere wins over a field
///   error, so a truncated message is reported as truncated.
/// On failure the event's contents are unspecified; it can be reused for the next message.
public final class EventDecoder {
    /// Interns feature names, categories, model ids and versions. Owned by this decoder's task.
    public let symbols: SymbolTable
    /// The categories booleans decode to.
    public let trueSymbol: Symbol
    public let falseSymbol: Symbol

    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// Per symbol id: the generation in which it was last seen as a feature name (duplicates).
    private var seenStamp: UnsafeMutablePointer<UInt32>
    private var seenCapacity: Int
    private var generation: UInt32 = 0
    /// Feature names of the previous event by position: most streams repeat them in order.
    private var previousNames: UnsafeMutablePointer<Symbol>
    /// Per position, the category the feature there last had (id -1: none): tried in place
    /// first, as names are (a categorical feature often repeats its value).
    private var previousCategories: UnsafeMutablePointer<Symbol>
    private var previousCount = 0
    private var previousCapacity = 64
    /// `model_id` and `model_version` of the previous event: a stream repeats them, so they are
    /// first matched in place (no scan, no hash), as feature names are.
    var previousModelID: Symbol?
    var previousModelVersion: Symbol?
    /// The first field-level failure of the current message; thrown once its syntax is known good.
    var pendingFailure: DecodeFailure?

    /// Names and categories the decoder will intern before it rejects events that bring new ones
    /// ("too many distinct names …"): memory stays bounded when a stream carries ids as categories.
    public let maximumSymbols: Int

    public init(symbols: SymbolTable = SymbolTable(), maximumSymbols: Int = 2_000_000) {
        self.symbols = symbols
        self.maximumSymbols = maximumSymbols
        trueSymbol = symbols.symbol(for: "true")
        falseSymbol = symbols.symbol(for: "false")
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        seenCapacity = 256
        seenStamp = .allocate(capacity: seenCapacity)
        seenStamp.initialize(repeating: 0, count: seenCapacity)
        previousNames = .allocate(capacity: previousCapacity)
        previousCategories = .allocate(capacity: previousCapacity)
        previousCategories.initialize(repeating: Symbol(id: -1), count: previousCapacity)
    }

    deinit {
        scratch.deallocate()
        seenStamp.deallocate()
        previousNames.deallocate()
        previousCategories.deallocate()
    }

    // MARK: Prediction events

    public func decode(_ message: [UInt8], into event: inout PredictionEvent) throws(DecodeFailure) {
        var failure: DecodeFailure?
        message.withUnsafeBytes { raw in
            do throws(DecodeFailure) { try decode(raw, into: &event) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func decode(_ message: UnsafeRawBufferPointer, into event: inout PredictionEvent) throws(DecodeFailure) {
        var scanner = try begin(message, what: "event")
        event.eventID = ""
        event.modelID = Symbol(id: -1)
        event.modelVersion = nil
        event.timestampMs = nil
        event.features.removeAll(keepingCapacity: true)
        event.prediction = nil
        event.score = nil
        event.label = nil
        event.latencyMs = nil
        event.error = nil
        event.llm = nil
        var seen: UInt16 = 0
        if try scanner.beginObject() {
            repeat {
                let key = try scanner.readKey()
                let field = EventField(key)
                if field != .unknown {
                    if seen & field.bit != 0 { fail(DecodeFailure("duplicate field \(field.name)")) }
                    seen |= field.bit
                }
                try read(field, key: key, &scanner, into: &event)
            } while try scanner.nextSeparator(close: UInt8(ascii: "}"))
        }
        try scanner.finish()
        if let failure = pendingFailure { throw failure }
        if seen & EventField.eventID.bit == 0 { throw DecodeFailure("missing required field event_id") }
        if seen & EventField.modelID.bit == 0 { throw DecodeFailure("missing required field model_id") }
        if seen & EventField.features.bit == 0 { throw DecodeFailure("missing required field features") }
        if event.prediction == nil && event.error == nil { throw DecodeFailure("missing required field prediction") }
    }

    // MARK: Shared

    /// Sizes the scratch buffer, resets per-message state and checks the message is an object.
    func begin(_ message: UnsafeRawBufferPointer, what: String) throws(DecodeFailure) -> JSONScanner {
        guard let base = message.baseAddress, message.count > 0 else { throw DecodeFailure("empty message") }
        if message.count > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(message.count, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        pendingFailure = nil
        generation &+= 1
        if generation == 0 {
            seenStamp.update(repeating: 0, count: seenCapacity)
            generation = 1
        }
        var scanner = JSONScanner(base: base.assumingMemoryBound(to: UInt8.self), count: message.count, scratch: scratch)
        let first = try scanner.peekToken()
        guard first == UInt8(ascii: "{") else {
            let type = JSONType(first)
            guard type != .invalid else { throw .unexpected(first, at: scanner.pos, expecting: "'{'") }
            // Validate the whole text first, so that "[1," is reported as truncated.
            try scanner.skipValue(depth: 0)
            try scanner.finish()
            throw DecodeFailure("\(what) is a JSON \(type.name), expected an object")
        }
        return scanner
    }

    /// The symbol for a name or category; past `maximumSymbols` a new one fails the event.
    @inline(__always)
    func intern(_ span: ByteSpan) -> Symbol {
        if let symbol = symbols.symbol(pointer: span.start, count: span.count, limit: maximumSymbols) { return symbol }
        fail(DecodeFailure("too many distinct names and categories (limit \(maximumSymbols)), \"\(span.display)\" is new"))
        return falseSymbol // a placeholder: the event fails
    }

    /// Records the first field-level failure; decoding continues to check the syntax.
    @inline(__always)
    func fail(_ failure: DecodeFailure) {
        if pendingFailure == nil { pendingFailure = failure }
    }

    /// Reads the `features` object into `event.features`.
    func readFeatures(_ scanner: inout JSONScanner, into event: inout PredictionEvent) throws(DecodeFailure) {
        guard try scanner.beginObject() else { return }
        var index = 0
        repeat {
            let quote = try scanner.peekToken()
            guard quote == UInt8(ascii: "\"") else { throw .unexpected(quote, at: scanner.pos, expecting: "a string key") }
            let name: Symbol
            if index < previousCount, let end = symbols.matchInPlace(previousNames[index], scanner.base, scanner.pos &+ 1, scanner.count) {
                // Same name as the previous event at this position: matched in place.
                name = previousNames[index]
                scanner.pos = end
            } else {
                let key = try scanner.readString()
                name = intern(key)
                rememberName(name, at: index)
            }
            let colon = try scanner.peekToken()
            guard colon == UInt8(ascii: ":") else { throw .unexpected(colon, at: scanner.pos, expecting: "':' after an object key") }
            scanner.pos &+= 1
            let position = index
            index &+= 1
            let id = Int(name.id)
            if id >= seenCapacity { growSeen(id) }
            if seenStamp[id] == generation { fail(DecodeFailure("duplicate feature \(display(name))")) }
            seenStamp[id] = generation
            let b = try scanner.peekToken()
            let value: FeatureValue
            switch b {
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try scanner.readNumber())
            case UInt8(ascii: "\""):
                let previous = previousCategories[position]  // position < previousCapacity: rememberName
                if let end = symbols.matchInPlace(previous, scanner.base, scanner.pos &+ 1, scanner.count) {
                    scanner.pos = end
                    value = .category(previous)
                } else {
                    let category = intern(try scanner.readString())
                    previousCategories[position] = category
                    value = .category(category)
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let literal = try scanner.readLiteral()
                value = literal < 0 ? .missing : .category(literal == 1 ? trueSymbol : falseSymbol)
            default:
                let type = JSONType(b)
                if type != .invalid {
                    fail(DecodeFailure("feature \(display(name)) has type \(type.name), expected a number, string, bool or null"))
                }
                try scanner.skipValue(depth: 2)
                value = .missing
            }
            event.features.append(FeatureEntry(name: name, value: value))
        } while try scanner.nextSeparator(close: UInt8(ascii: "}"))
    }

    /// A feature name for an error sentence (control characters replaced, at most 64 characters).
    private func display(_ name: Symbol) -> String {
        var text = symbols.string(for: name)
        return text.withUTF8 { ByteSpan(start: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count).display }
    }

    private func rememberName(_ name: Symbol, at index: Int) {
        if index == previousCapacity {
            let grown = UnsafeMutablePointer<Symbol>.allocate(capacity: previousCapacity * 2)
            grown.moveInitialize(from: previousNames, count: previousCount)
            previousNames.deallocate()
            previousNames = grown
            let categories = UnsafeMutablePointer<Symbol>.allocate(capacity: previousCapacity * 2)
            categories.moveInitialize(from: previousCategories, count: previousCapacity)
            (categories + previousCapacity).initialize(repeating: Symbol(id: -1), count: previousCapacity)
            previousCategories.deallocate()
            previousCategories = categories
            previousCapacity *= 2
        }
        if index < previousCount {
            previousNames[index] = name
        } else {
            (previousNames + index).initialize(to: name)
            previousCount = index + 1
        }
    }

    private func growSeen(_ id: Int) {
        var capacity = seenCapacity * 2
        while capacity <= id { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        grown.update(from: seenStamp, count: seenCapacity)
        (grown + seenCapacity).initialize(repeating: 0, count: capacity - seenCapacity)
        seenStamp.deallocate()
        seenStamp = grown
        seenCapacity = capacity
    }
}
