import Testing
@testable import DriftwatchCore

@Suite struct LabelDecoderTests {
    let decoder = EventDecoder()

    func label(_ json: String) throws(DecodeFailure) -> LabelEvent {
        var label = LabelEvent()
        try decoder.decodeLabel(Array(json.utf8), into: &label)
        return label
    }

    func failure(_ json: String) -> String? {
        do { _ = try label(json); return nil } catch { return error.reason }
    }

    @Test func decodesLabels() throws {
        let l = try label(#"{"event_id":"e-1","model_id":"m","label":1,"timestamp":"2026-01-01T00:00:00Z","extra":[1]}"#)
        #expect(l.eventID == "e-1")
        #expect(decoder.symbols.string(for: l.modelID) == "m")
        #expect(l.label == .number(1))
        #expect(l.timestampMs == 1_767_225_600_000)
        let b = try label(#"{"event_id":"e-2","model_id":"m","label":true}"#)
        #expect(b.label == .category(decoder.trueSymbol))
        #expect(b.timestampMs == nil)
    }

    @Test func labelRules() {
        #expect(failure(#"{"model_id":"m","label":1}"#) == "missing required field event_id")
        #expect(failure(#"{"event_id":"e","label":1}"#) == "missing required field model_id")
        #expect(failure(#"{"event_id":"e","model_id":"m"}"#) == "missing required field label")
        #expect(failure(#"{"event_id":"e","model_id":"m","label":null}"#) == "field label is null, expected a number, string or bool")
        #expect(failure(#"{"event_id":"e","model_id":"m","label":{}}"#) == "field label has type object, expected a number, string or bool")
        #expect(failure(#"{"event_id":"e","model_id":"m","label":1,"label":2}"#) == "duplicate field label")
        #expect(failure(#"[]"#) == "label is a JSON array, expected an object")
        #expect(failure(#"{"event_id":"e","model_id":"m","label":1"#) == "invalid JSON: unexpected end of input at byte 40")
    }
}
