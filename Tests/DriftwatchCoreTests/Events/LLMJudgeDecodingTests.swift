import Testing
@testable import DriftwatchCore

/// The optional judge fields of `llm` (SPEC section 3): quality, groundedness, safety_flag.
@Suite struct LLMJudgeDecodingTests {
    let decoder = EventDecoder()

    func decode(_ llm: String) throws(DecodeFailure) -> PredictionEvent {
        var event = PredictionEvent()
        let json = #"{"event_id":"e","model_id":"m","features":{},"prediction":"ok","llm":"# + llm + "}"
        try decoder.decode(Array(json.utf8), into: &event)
        return event
    }

    func failure(_ llm: String) -> String? {
        do { _ = try decode(llm); return nil } catch { return error.reason }
    }

    @Test func decodesJudgeFields() throws {
        let event = try decode(#"{"model":"gpt-x","cost_usd":0.01,"quality":4.5,"groundedness":0.82,"safety_flag":true}"#)
        let llm = try #require(event.llm)
        #expect(llm.quality == 4.5)
        #expect(llm.groundedness == 0.82)
        #expect(llm.safetyFlag == true)
        #expect(llm.costUSD == 0.01)
        let unflagged = try #require(try decode(#"{"safety_flag":false,"quality":0,"groundedness":1}"#).llm)
        #expect(unflagged.safetyFlag == false && unflagged.quality == 0 && unflagged.groundedness == 1)
    }

    @Test func absentOrNullJudgeFieldsAreNil() throws {
        let plain = try #require(try decode(#"{"model":"gpt-x","prompt_tokens":3}"#).llm)
        #expect(plain.quality == nil && plain.groundedness == nil && plain.safetyFlag == nil)
        let nulls = try #require(try decode(#"{"quality":null,"groundedness":null,"safety_flag":null}"#).llm)
        #expect(nulls.quality == nil && nulls.groundedness == nil && nulls.safetyFlag == nil)
    }

    @Test(arguments: [
        (#"{"quality":5.5}"#, "field llm.quality is 5.5, outside [0, 5]"),
        (#"{"quality":"good"}"#, "field llm.quality has type string, expected a number"),
        (#"{"groundedness":1.2}"#, "field llm.groundedness is 1.2, outside [0, 1]"),
        (#"{"groundedness":-0.1}"#, "field llm.groundedness is -0.1, outside [0, 1]"),
        (#"{"safety_flag":1}"#, "field llm.safety_flag has type number, expected true or false"),
        (#"{"safety_flag":"yes"}"#, "field llm.safety_flag has type string, expected true or false"),
        (#"{"safety_flag":true,"safety_flag":false}"#, "duplicate field llm.safety_flag"),
    ])
    func rejectsBadJudgeFields(_ llm: String, _ reason: String) {
        #expect(failure(llm) == reason)
    }

    @Test func llmColumnAccumulatesJudgeSums() throws {
        var column = LLMColumn()
        for json in [#"{"quality":4,"groundedness":0.9,"safety_flag":false}"#,
                     #"{"quality":2,"safety_flag":true}"#, #"{"prompt_tokens":5}"#] {
            column.append(try #require(try decode(json).llm))
        }
        #expect(column.requests == 3)
        #expect(column.quality.qualityCount == 2 && column.quality.qualityMean == 3)
        #expect(column.quality.groundednessCount == 1 && column.quality.groundednessMean == 0.9)
        #expect(column.quality.safetyJudged == 2 && column.quality.safetyFlagged == 1)
        var merged = LLMQualitySums()
        merged.merge(column.quality)
        merged.merge(column.quality)
        #expect(merged.qualityCount == 4 && merged.safetyFlagRate == 0.5)
    }
}
