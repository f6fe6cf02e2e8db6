import Foundation
import Testing
@testable import DriftwatchCore
import DriftwatchSynthetic

/// The decoder against JSONSerialization on the synthetic traffic the demo and benchmarks use.
@Suite struct SyntheticEventDecodingTests {
    @Test func syntheticEventsDecodeToFoundationsValues() throws {
        let traffic = SyntheticTraffic(seed: 7, driftAt: 1500)
        let decoder = EventDecoder()
        var event = PredictionEvent()
        var errors = 0, labels = 0
        for i in 0..<3000 {
            let bytes = traffic.event(at: i)
            try decoder.decode(bytes, into: &event)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(event.eventID == object["event_id"] as? String)
            #expect(decoder.symbols.string(for: event.modelID) == object["model_id"] as? String)
            #expect(event.modelVersion.map(decoder.symbols.string(for:)) == object["model_version"] as? String)
            #expect(event.timestampMs == (object["timestamp"] as? NSNumber)?.doubleValue)
            let features = try #require(object["features"] as? [String: Any])
            #expect(event.features.count == features.count)
            for entry in event.features {
                let name = decoder.symbols.string(for: entry.name)
                let theirs = try #require(features[name])
                switch entry.value {
                case .missing: #expect(theirs is NSNull, "\(name)")
                case .number(let d): #expect(JSONCorpusTests.same(.number(d), theirs), "\(name)")
                case .category(let s):
                    let text = decoder.symbols.string(for: s)
                    if let b = theirs as? NSNumber, String(cString: b.objCType) == "c" {
                        #expect(text == (b.boolValue ? "true" : "false"))
                    } else {
                        #expect(text == theirs as? String, "\(name)")
                    }
                }
            }
            #expect(event.score.map { JSONCorpusTests.same(.number($0), object["score"]!) } ?? (object["score"] == nil))
            #expect(event.latencyMs.map { JSONCorpusTests.same(.number($0), object["latency_ms"]!) } ?? (object["latency_ms"] == nil))
            #expect(event.error == object["error"] as? String)
            if let prediction = event.prediction, case .number(let p) = prediction {
                #expect(JSONCorpusTests.same(.number(p), object["prediction"]!))
            } else {
                #expect(event.error != nil)
                errors += 1
            }
            if event.label != nil { labels += 1 }
        }
        #expect(errors > 0 && labels > 500)
    }
}
