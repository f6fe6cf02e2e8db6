import Foundation
import Testing
@testable import DriftwatchCore

/// `reference build --labels`: delayed labels joined by event_id give a reference built from
/// logged events its performance baseline; without one, start-up says performance alerts are off.
@Suite struct ReferenceLabelsTests {
    static let events = """
        {"event_id":"e1","model_id":"m","features":{"x":1},"prediction":1,"score":0.9}
        {"event_id":"e2","model_id":"m","features":{"x":2},"prediction":0,"score":0.2}
        {"event_id":"e3","model_id":"m","features":{"x":3},"prediction":1,"score":0.7}
        {"model_id":"m","features":{"x":4},"prediction":0}
        """
    static let labels = """
        {"event_id":"e1","model_id":"m","label":1,"timestamp":1767225600000}
        {"event_id":"e2","model_id":"m","label":1}
        {"event_id":"e3","model_id":"other","label":0}
        {"event_id":"e3","model_id":"m","label":0}
        {"event_id":"e9","model_id":"m","label":0}
        """

    func build(events: String = Self.events, labels: String?) throws -> ReferenceProfile {
        let joined = try labels.map { try ReferenceLabels(data: Data($0.utf8), file: "labels.jsonl", modelID: "m") }
        return try ReferenceInput.build(data: Data(events.utf8), file: "events.jsonl", modelID: "m", labels: joined)
    }

    @Test func labelsJoinedByEventIDMakeTheBaseline() throws {
        #expect(try build(labels: nil).baseline == nil)
        let b = try #require(try build(labels: Self.labels).baseline)
        #expect(b.labelled == 3)
        #expect(b.accuracy == 1.0 / 3.0)  // predictions 1,0,1 vs labels 1,1,0
        #expect(b.auc == 0.5)  // sklearn roc_auc_score([1,1,0], [0.9,0.2,0.7])
    }

    @Test func labelsThatMatchNoEventOrAreMalformedAreRefused() {
        #expect(throws: ReferenceInputError("none of the 1 labels of model \"m\" in labels.jsonl has the event_id of an event in events.jsonl.")) {
            try build(labels: "{\"event_id\":\"zz\",\"model_id\":\"m\",\"label\":1}")
        }
        #expect(throws: ReferenceInputError("labels.jsonl line 2 is not a label event: missing required field event_id.")) {
            try build(labels: "{\"event_id\":\"e1\",\"model_id\":\"m\",\"label\":1}\n{\"model_id\":\"m\",\"label\":1}")
        }
        #expect(throws: ReferenceInputError("labels.jsonl has no labels of model \"m\".")) {
            try build(labels: "{\"event_id\":\"e1\",\"model_id\":\"x\",\"label\":1}")
        }
    }

    @Test func aReferenceWithoutBaselineTurnsPerformanceAlertsOff() throws {
        let config = try DriftwatchConfig.load(
            yaml: "models:\n  m:\n    reference: m.json\n  r:\n    reference: m.json\n    prediction_type: regression\n",
            path: "p.yaml", fileExists: { _ in true })
        let without = try build(labels: nil)
        let notice = try #require(config.performanceNotice(ofModel: "m", profile: without))
        #expect(notice.hasPrefix("model m: the reference m.json has no accuracy baseline"))
        #expect(notice.contains("performance alerts are off for this model"))
        #expect(config.performanceNotice(ofModel: "m", profile: try build(labels: Self.labels)) == nil)
        #expect(config.performanceNotice(ofModel: "r", profile: try build(labels: Self.labels))?.contains("no RMSE baseline") == true)
    }

    /// The fast path (EventDecoder) and the lenient one (lines it refuses, here for lack of an
    /// event_id) give the same profile, digit for digit.
    @Test func decoderAndLenientPathsAgree() throws {
        let numbers = [-1.3135982885626643, 0.1, 1e-300, 123456789.123456789, 65.95, 2.5e-7]
        let lines = numbers.enumerated().map { i, x in
            "{\"event_id\":\"e\(i)\",\"model_id\":\"m\",\"features\":{\"x\":\(x),\"c\":\"k\(i % 2)\",\"b\":\(i % 2 == 0)},\"prediction\":\(i % 2),\"score\":0.\(i + 1),\"label\":1}"
        }
        let strict = try build(events: lines.joined(separator: "\n"), labels: nil)
        let lenient = try build(events: lines.map { $0.replacingOccurrences(of: "\"event_id\"", with: "\"id\"") }
            .joined(separator: "\n"), labels: nil)
        #expect(strict == lenient)
        #expect(strict.features["x"]?.values == numbers)
        #expect(strict.features["b"]?.categories == ["true": 3, "false": 3])
    }
}
