import Testing
@testable import DriftwatchCore

@Suite struct EventDecoderTests {
    let decoder = EventDecoder()

    func decode(_ json: String) throws(DecodeFailure) -> PredictionEvent {
        var event = PredictionEvent()
        try decoder.decode(Array(json.utf8), into: &event)
        return event
    }

    func failure(_ json: String) -> String? {
        do { _ = try decode(json); return nil } catch { return error.reason }
    }

    func name(_ s: Symbol) -> String { decoder.symbols.string(for: s) }

    @Test func decodesAFullEvent() throws {
        let event = try decode("""
        {"event_id":"e-1","model_id":"fraud-detector","model_version":"v2","timestamp":1767225600000,
         "features":{"amount":12.5,"country":"DE","is_new":true,"age":null,"n":-3e2},
         "prediction":1,"score":0.93,"label":"1","latency_ms":41.5,"extra":{"nested":[1,{"a":null}]},
         "llm":{"model":"gpt-x","prompt_tokens":120,"completion_tokens":30,"ttft_ms":210.5,"finish_reason":"length","cost_usd":0.0021,"other":[]}}
        """)
        #expect(event.eventID == "e-1")
        #expect(name(event.modelID) == "fraud-detector")
        #expect(event.modelVersion.map(name) == "v2")
        #expect(event.timestampMs == 1_767_225_600_000)
        #expect(event.features.map { name($0.name) } == ["amount", "country", "is_new", "age", "n"])
        #expect(event.features[0].value == .number(12.5))
        #expect(event.features[1].value == .category(decoder.symbols.symbol(for: "DE")))
        #expect(event.features[2].value == .category(decoder.trueSymbol))
        #expect(event.features[3].value == .missing)
        #expect(event.features[4].value == .number(-300))
        #expect(event.prediction == .number(1))
        #expect(event.score == 0.93)
        #expect(event.label == .category(decoder.symbols.symbol(for: "1")))
        #expect(event.latencyMs == 41.5)
        #expect(event.error == nil)
        let llm = try #require(event.llm)
        #expect(llm.model.map(name) == "gpt-x")
        #expect(llm.promptTokens == 120)
        #expect(llm.completionTokens == 30)
        #expect(llm.ttftMs == 210.5)
        #expect(llm.finishReason.map(name) == "length")
        #expect(llm.costUSD == 0.0021)
    }

    @Test func reusesTheEventAndClearsOldFields() throws {
        var event = PredictionEvent()
        try decoder.decode(Array(#"{"event_id":"a","model_id":"m","features":{"x":1,"y":2},"prediction":true,"score":0.5,"error":"boom","label":false}"#.utf8), into: &event)
        #expect(event.prediction == .category(decoder.trueSymbol))
        #expect(event.label == .category(decoder.falseSymbol))
        try decoder.decode(Array(#"{"event_id":"b","model_id":"m","features":{"y":3},"prediction":"cat"}"#.utf8), into: &event)
        #expect(event.eventID == "b")
        #expect(event.features == [FeatureEntry(name: decoder.symbols.symbol(for: "y"), value: .number(3))])
        #expect(event.score == nil && event.error == nil && event.label == nil && event.llm == nil && event.timestampMs == nil)
        #expect(event.prediction == .category(decoder.symbols.symbol(for: "cat")))
    }

    @Test func featureNamesAndCategoriesAreInterned() throws {
        let a = try decode(#"{"event_id":"a","model_id":"m","features":{"colour":"red","size":1},"prediction":0}"#)
        let before = decoder.symbols.count
        let b = try decode(#"{"event_id":"b","model_id":"m","features":{"size":2,"colour":"red"},"prediction":0}"#)
        #expect(decoder.symbols.count == before)
        #expect(a.features[0].name == b.features[1].name)
        #expect(a.features[0].value == b.features[1].value)
        #expect(a.modelID == b.modelID)
    }

    /// Names repeated from the previous event are matched in place; the match must not be fooled
    /// by prefixes, escapes or quotes inside a stored name.
    @Test func inPlaceNameMatchingStaysExact() throws {
        let a = try decode(#"{"event_id":"a","model_id":"m","features":{"amount":1,"a\"b":2,"caf\u00e9":3},"prediction":1}"#)
        let b = try decode(#"{"event_id":"b","model_id":"m","features":{"amount2":1,"a\"b":2,"café":3},"prediction":1}"#)
        #expect(name(b.features[0].name) == "amount2")
        #expect(b.features[1].name == a.features[1].name)
        #expect(b.features[2].name == a.features[2].name)
        // Raw bytes a"b would equal the stored name a"b, but here they end the string after "a".
        #expect(failure(#"{"event_id":"c","model_id":"m","features":{"amount2":1,"a"b":2},"prediction":1}"#)
            == "invalid JSON at byte 58: unexpected 'b', expected ':' after an object key")
        let c = try decode(#"{"event_id":"d","model_id":"m","features":{"amount":1,"am":2},"prediction":1}"#)
        #expect(c.features.map { name($0.name) } == ["amount", "am"])
        #expect(failure(#"{"event_id":"e","model_id":"m","features":{"amount":1,"amount":2},"prediction":1}"#) == "duplicate feature amount")
        #expect(failure(#"{"event_id":"e","model_id":"m","features":{"amount":1,"am" 2},"prediction":1}"#)
            == "invalid JSON at byte 59: unexpected '2', expected ':' after an object key")
    }

    @Test func escapedNamesAndValuesDecode() throws {
        let event = try decode(#"{"event_id":"e\u002d1","model_id":"m\/1","features":{"caf\u00e9":"\ud83d\ude00","tab\tname":"x"},"prediction":"a\"b"}"#)
        #expect(event.eventID == "e-1")
        #expect(name(event.modelID) == "m/1")
        #expect(name(event.features[0].name) == "café")
        #expect(event.features[0].value == .category(decoder.symbols.symbol(for: "😀")))
        #expect(name(event.features[1].name) == "tab\tname")
        #expect(event.prediction == .category(decoder.symbols.symbol(for: "a\"b")))
    }

    @Test func emptyFeaturesAndErrorWithoutPrediction() throws {
        let event = try decode(#"{"event_id":"a","model_id":"m","features":{},"error":"timeout","prediction":null}"#)
        #expect(event.features.isEmpty)
        #expect(event.error == "timeout")
        #expect(event.prediction == nil)
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        let event = try decode(#"{"event_id":"a","model_id":"m","features":{},"prediction":2.5,"score":null,"label":null,"latency_ms":null,"timestamp":null,"model_version":null,"llm":null,"error":null}"#)
        #expect(event.score == nil && event.label == nil && event.latencyMs == nil && event.timestampMs == nil)
        #expect(event.modelVersion == nil && event.llm == nil && event.error == nil)
        #expect(event.prediction == .number(2.5))
    }

    @Test func timestampsAsRFC3339() throws {
        let event = try decode(#"{"event_id":"a","model_id":"m","features":{},"prediction":1,"timestamp":"2026-01-01T01:00:00.250+01:00"}"#)
        #expect(event.timestampMs == 1_767_225_600_250)
        #expect(failure(#"{"event_id":"a","model_id":"m","features":{},"prediction":1,"timestamp":"2026-02-30T00:00:00Z"}"#)
            == #"field timestamp "2026-02-30T00:00:00Z" is not an RFC 3339 date-time"#)
        #expect(failure(#"{"event_id":"a","model_id":"m","features":{},"prediction":1,"timestamp":true}"#)
            == "field timestamp has type bool, expected a number")
    }

    static let requiredFieldCases: [(String, String)] = [
        (#"{"model_id":"m","features":{},"prediction":1}"#, "missing required field event_id"),
        (#"{"event_id":"a","features":{},"prediction":1}"#, "missing required field model_id"),
        (#"{"event_id":"a","model_id":"m","prediction":1}"#, "missing required field features"),
        (#"{"event_id":"a","model_id":"m","features":{}}"#, "missing required field prediction"),
        (#"{"event_id":"a","model_id":"m","features":{},"prediction":null}"#, "missing required field prediction"),
        (#"{}"#, "missing required field event_id"),
    ]

    @Test(arguments: requiredFieldCases)
    func requiredFields(json: String, reason: String) {
        #expect(failure(json) == reason)
    }

    static let fieldRuleCases: [(String, String)] = [
        (#""event_id":1"#, "field event_id has type number, expected a string"),
        (#""event_id":null"#, "field event_id has type null, expected a string"),
        (#""model_id":["m"]"#, "field model_id has type array, expected a string"),
        (#""model_version":3"#, "field model_version has type number, expected a string"),
        (#""features":[]"#, "field features has type array, expected an object"),
        (#""features":null"#, "field features has type null, expected an object"),
        (#""features":{"a":{"b":1}}"#, "feature a has type object, expected a number, string, bool or null"),
        (#""features":{"a":[1]}"#, "feature a has type array, expected a number, string, bool or null"),
        (#""features":{"a":1,"a":2}"#, "duplicate feature a"),
        (#""prediction":{}"#, "field prediction has type object, expected a number, string or bool"),
        (#""label":[]"#, "field label has type array, expected a number, string or bool"),
        (#""score":1.7"#, "field score is 1.7, outside [0, 1]"),
        (#""score":-0.01"#, "field score is -0.01, outside [0, 1]"),
        (#""score":"0.5""#, "field score has type string, expected a number"),
        (#""latency_ms":-3"#, "field latency_ms is -3, below 0"),
        (#""latency_ms":true"#, "field latency_ms has type bool, expected a number"),
        (#""error":500"#, "field error has type number, expected a string"),
        (#""llm":"x""#, "field llm has type string, expected an object"),
        (#""llm":{"prompt_tokens":-1}"#, "field llm.prompt_tokens is -1, below 0"),
        (#""llm":{"completion_tokens":"9"}"#, "field llm.completion_tokens has type string, expected a number"),
        (#""llm":{"ttft_ms":-1e3}"#, "field llm.ttft_ms is -1e3, below 0"),
        (#""llm":{"cost_usd":-0.5}"#, "field llm.cost_usd is -0.5, below 0"),
        (#""llm":{"model":7}"#, "field llm.model has type number, expected a string"),
        (#""llm":{"finish_reason":"stop","finish_reason":"length"}"#, "duplicate field llm.finish_reason"),
        (#""score":0.5,"score":0.6"#, "duplicate field score"),
        (#""event_id":"b""#, "duplicate field event_id"),
    ]

    /// Each rule on an otherwise valid event: the case's first member replaces the valid one of
    /// the same key (or is appended, for duplicates and optional fields).
    @Test(arguments: fieldRuleCases)
    func fieldRules(fields: String, reason: String) {
        var members = [(#""event_id""#, #""event_id":"a""#), (#""model_id""#, #""model_id":"m""#),
                       (#""features""#, #""features":{"f":1}"#), (#""prediction""#, #""prediction":1"#)]
        let key = String(fields.prefix { $0 != ":" })
        if let i = members.firstIndex(where: { $0.0 == key }), !reason.hasPrefix("duplicate field") {
            members[i].1 = fields
        } else {
            members.append((key, fields))
        }
        let json = "{" + members.map(\.1).joined(separator: ",") + "}"
        #expect(failure(json) == reason, "\(json)")
    }

    static let syntaxCases: [(String, String)] = [
        ("", "empty message"),
        ("   ", "invalid JSON: unexpected end of input at byte 3"),
        (#"{"event_id":"a","model_id""#, "invalid JSON: unexpected end of input at byte 26"),
        (#"{"event_id":"a"} x"#, "invalid JSON at byte 17: trailing characters after the JSON value"),
        (#"[1,2]"#, "event is a JSON array, expected an object"),
        (#""hello""#, "event is a JSON string, expected an object"),
        (#"[1,"#, "invalid JSON: unexpected end of input at byte 3"),
        (#"{"a":01}"#, "invalid JSON at byte 5: invalid number, leading zero"),
        (#"{"a":+1}"#, "invalid JSON at byte 5: unexpected '+', expected a value"),
        (#"{"a":.5}"#, "invalid JSON at byte 5: unexpected '.', expected a value"),
        (#"{"a":1.}"#, "invalid JSON at byte 7: invalid number, expected a digit after '.'"),
        (#"{"a":NaN}"#, "invalid JSON at byte 5: unexpected 'N', expected a value"),
        (#"{"a":1e999}"#, "invalid JSON at byte 5: number 1e999 is out of range of a Double"),
        (#"{"a":"\q"}"#, #"invalid JSON at byte 6: invalid escape \q in a string"#),
        (#"{"a":"\ud800"}"#, #"invalid JSON at byte 6: lone surrogate \uD800 in a string"#),
        (#"{"a":"\udc00\ud800"}"#, #"invalid JSON at byte 6: lone surrogate \uDC00 in a string"#),
        (#"{"a":"\u12x4"}"#, #"invalid JSON at byte 6: invalid \u escape, expected 4 hex digits"#),
        ("{\"a\":\"x\ty\"}", "invalid JSON at byte 7: unescaped control character byte 0x09 in a string"),
        (#"{"a":1,}"#, "invalid JSON at byte 7: unexpected '}', expected a string key"),
        (#"{"a" 1}"#, "invalid JSON at byte 5: unexpected '1', expected ':' after an object key"),
        (#"{"a":1 "b":2}"#, "invalid JSON at byte 7: unexpected '\"', expected ',' or '}'"),
        (#"{"a":tru}"#, "invalid JSON at byte 5: invalid literal, expected true"),
        (#"{"score":7,"x":[}"#, "invalid JSON at byte 16: unexpected '}', expected a value"),
    ]

    @Test(arguments: syntaxCases)
    func syntaxErrors(json: String, reason: String) {
        #expect(failure(json) == reason)
    }

    @Test func invalidUTF8IsRejectedWithItsOffset() {
        var event = PredictionEvent()
        var bytes = Array(#"{"event_id":"ab","model_id":"m","features":{},"prediction":1}"#.utf8)
        bytes[14] = 0xFF
        #expect(throws: DecodeFailure("invalid UTF-8 at byte 14", offset: 14)) { try decoder.decode(bytes, into: &event) }
        bytes[14] = 0xC0 // overlong lead byte
        #expect(throws: DecodeFailure("invalid UTF-8 at byte 14", offset: 14)) { try decoder.decode(bytes, into: &event) }
        bytes.replaceSubrange(13...14, with: [0xED, 0xA0]) // UTF-8 encoded surrogate (ED A0 ..)
        #expect(throws: DecodeFailure("invalid UTF-8 at byte 13", offset: 13)) { try decoder.decode(bytes, into: &event) }
    }

    @Test func deepNestingInUnknownFieldsIsLimited() throws {
        let ok = String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
        _ = try decode(#"{"event_id":"a","model_id":"m","features":{},"prediction":1,"x":"# + ok + "}")
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(failure(#"{"event_id":"a","model_id":"m","features":{},"prediction":1,"x":"# + deep + "}")?.contains("nesting deeper than 512 levels") == true)
    }

    @Test func syntaxErrorWinsOverFieldError() {
        #expect(failure(#"{"score":7,"event_id":"a""#) == "invalid JSON: unexpected end of input at byte 25")
    }

    @Test func manyDistinctFeatureNamesGrowTheTables() throws {
        let features = (0..<600).map { "\"feature_\($0)\":\($0)" }.joined(separator: ",")
        let event = try decode(#"{"event_id":"a","model_id":"m","features":{"# + features + #"},"prediction":1}"#)
        #expect(event.features.count == 600)
        #expect(name(event.features[599].name) == "feature_599")
        #expect(event.features[599].value == .number(599))
        #expect(failure(#"{"event_id":"a","model_id":"m","features":{"# + features + #","feature_7":1},"prediction":1}"#) == "duplicate feature feature_7")
    }

    @Test func theSymbolLimitBoundsMemory() throws {
        let small = EventDecoder(maximumSymbols: 6) // "true", "false" + 4
        var event = PredictionEvent()
        try small.decode(Array(#"{"event_id":"a","model_id":"m","features":{"x":"red","y":1},"prediction":1}"#.utf8), into: &event)
        #expect(small.symbols.count == 6)
        // Known names and categories still decode once the table is full …
        try small.decode(Array(#"{"event_id":"b","model_id":"m","features":{"y":2,"x":"red"},"prediction":1}"#.utf8), into: &event)
        // … a new one fails the event, which goes to the dead-letter topic.
        #expect(throws: DecodeFailure(#"too many distinct names and categories (limit 6), "blue" is new"#)) {
            try small.decode(Array(#"{"event_id":"c","model_id":"m","features":{"x":"blue"},"prediction":1}"#.utf8), into: &event)
        }
        #expect(small.symbols.count == 6)
    }

    @Test func messagesLargerThanTheScratchBuffer() throws {
        let long = String(repeating: "\\u00e9", count: 5000)
        let event = try decode(#"{"event_id":"a","model_id":"m","features":{"c":""# + long + #""},"prediction":1}"#)
        guard case .category(let s) = event.features[0].value else { Issue.record("not a category"); return }
        #expect(name(s) == String(repeating: "é", count: 5000))
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        var event = PredictionEvent()
        try decoder.decode([0xEF, 0xBB, 0xBF] + Array(#"{"event_id":"a","model_id":"m","features":{},"prediction":1}"#.utf8), into: &event)
        #expect(event.eventID == "a")
    }
}
