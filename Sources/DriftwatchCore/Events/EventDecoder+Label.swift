extension EventDecoder {
    public func decodeLabel(_ message: [UInt8], into label: inout LabelEvent) throws(DecodeFailure) {
        var failure: DecodeFailure?
        message.withUnsafeBytes { raw in
            do throws(DecodeFailure) { try decodeLabel(raw, into: &label) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Decodes `{"event_id", "model_id", "label", "timestamp"}`; all but timestamp required,
    /// unknown fields skipped, duplicates rejected.
    public func decodeLabel(_ message: UnsafeRawBufferPointer, into label: inout LabelEvent) throws(DecodeFailure) {
        var scanner = try begin(message, what: "label")
        label.eventID = ""
        label.modelID = Symbol(id: -1)
        label.timestampMs = nil
        var seen: UInt16 = 0
        var hasLabel = false
        if try scanner.beginObject() {
            repeat {
                let key = try scanner.readKey()
                let field = EventField(key)
                switch field {
                case .eventID, .modelID, .timestamp, .label:
                    if seen & field.bit != 0 { fail(DecodeFailure("duplicate field \(field.name)")) }
                    seen |= field.bit
                default:
                    try scanner.skipValue(depth: 1)
                    continue
                }
                switch field {
                case .eventID: if let id = try readRequiredString(field, &scanner) { label.eventID = id.string }
                case .modelID: if let id = try readRequiredString(field, &scanner) { label.modelID = intern(id) }
                case .timestamp: label.timestampMs = try readTimestamp(&scanner)
                default:
                    if let outcome = try readOutcome(field, &scanner) {
                        label.label = outcome
                        hasLabel = true
                    } else if pendingFailure == nil {
                        fail(DecodeFailure("field label is null, expected a number, string or bool"))
                    }
                }
            } while try scanner.nextSeparator(close: UInt8(ascii: "}"))
        }
        try scanner.finish()
        if let failure = pendingFailure { throw failure }
        if seen & EventField.eventID.bit == 0 { throw DecodeFailure("missing required field event_id") }
        if seen & EventField.modelID.bit == 0 { throw DecodeFailure("missing required field model_id") }
        if !hasLabel { throw DecodeFailure("missing required field label") }
    }
}
