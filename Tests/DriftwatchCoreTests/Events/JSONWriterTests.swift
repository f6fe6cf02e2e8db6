import Foundation
import Testing
@testable import DriftwatchCore

@Suite struct JSONWriterTests {
    @Test func keepsTheCallersKeyOrder() {
        var window = JSONObject()
        window["topic"] = "predictions"
        window["partition"] = 3
        window["partial"] = false
        var alert: JSONObject = ["kind": "alert", "severity": "critical", "score": .number(nil)]
        alert["window"] = .object(window)
        alert["features"] = ["amount", "age"]
        alert["severity"] = "warning" // replaced in place
        #expect(alert.encodedString() == #"{"kind":"alert","severity":"warning","score":null,"window":{"topic":"predictions","partition":3,"partial":false},"features":["amount","age"]}"#)
        alert["score"] = nil
        #expect(alert.keys == ["kind", "severity", "window", "features"])
    }

    static let numbers: [(Double, String)] = [
        (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (10000, "10000"), (0.1, "0.1"), (1.5, "1.5"), (-2.25, "-2.25"),
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (Double("123456789012345680000")!, "123456789012345680000"),
        (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.000123, "0.000123"), (.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (0.30000000000000004, "0.30000000000000004"),
        (Double("9007199254740993")!, "9007199254740992"), (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
    ]

    @Test(arguments: numbers)
    func numbersPrintLikeJavaScript(value: Double, text: String) {
        #expect(JSONValue.number(value).encodedString() == text)
    }

    @Test func stringsAreEscaped() {
        let s = "q\"b\\s/\n\r\t\u{8}\u{C}\u{1}\u{1F}é😀\u{7F}"
        #expect(JSONValue.string(s).encodedString() == #""q\"b\\s/\n\r\t\b\f\u0001\u001fé😀"# + "\u{7F}\"")
    }

    /// Random documents: written, read by JSONSerialization and by our parser, give the same values.
    @Test func roundTripsThroughJSONSerialization() throws {
        var corpus = JSONCorpus(seed: 21)
        for _ in 0..<3000 {
            let original = try JSONValue.parse(corpus.value(depth: 0))
            let written = original.encodedBytes()
            let theirs = try JSONSerialization.jsonObject(with: Data(written), options: [.fragmentsAllowed])
            #expect(JSONCorpusTests.same(original, theirs), "\(String(decoding: written, as: UTF8.self).prefix(200))")
            #expect(try JSONValue.parse(written) == original)
            #expect(original.encodedBytes() == written)
        }
    }

    @Test func doublesRoundTripExactly() throws {
        var corpus = JSONCorpus(seed: 22)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: corpus.next() & 0x7FEF_FFFF_FFFF_FFFF) * (corpus.chance(0.5) ? -1 : 1)
            let text = JSONWriter.format(d)
            #expect(try JSONValue.parse(text) == .number(d), "\(text)")
        }
    }
}
