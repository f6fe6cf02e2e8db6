import Foundation
import Testing
@testable import DriftwatchCore

/// `ReferenceProfile.encoded()` writes the `values` arrays itself; its bytes must equal what
/// JSONEncoder alone wrote before (profiles built today and yesterday compare with `cmp`).
@Suite struct ReferenceEncodingTests {
    /// The previous encoding: JSONEncoder for everything, then one line per number array.
    func encodedByJSONEncoderAlone(_ profile: ReferenceProfile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ReferenceProfile.collapsingNumberArrays(try encoder.encode(profile))
    }

    @Test func valuesAreSpelledAsJSONEncoderSpellsThem() throws {
        var awkward: [Double] = [0, -0.0, 1, -1, 0.1, 65.95, 1e15, 1e16, 123456789012345680, 1e21, 1e22, 1e-5, 1e-7,
                                 -1.5e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1.0 / 3.0,
                                 4_503_599_627_370_496.5, 9_007_199_254_740_993, 100, 2.5e-300]
        var random = SplitMix64(seed: 11)
        for _ in 0..<5_000 {
            let bits = random.next()
            let x = Double(bitPattern: bits)
            if x.isFinite { awkward.append(x) }
            awkward.append(Double(Int64(bitPattern: bits) % 1_000_000) / 100)
        }
        let profile = ReferenceProfile(
            modelID: "m", source: .init(file: "t.csv", kind: "csv", rows: 3), sampling: .init(),
            features: ["x": ColumnProfile(type: .numeric, count: awkward.count, missing: 0, values: awkward, sampledFrom: 9_000),
                       "empty": ColumnProfile(type: .numeric, count: 0, missing: 3, values: []),
                       "c \u{1}values 0": ColumnProfile(type: .categorical, count: 3, missing: 0, categories: ["\u{1}values 0": 3])],
            prediction: ColumnProfile(type: .numeric, count: 2, missing: 1, values: [0, 1]),
            baseline: BaselineQuality(labelled: 2, accuracy: 0.5))
        let fast = try profile.encoded()
        #expect(fast == (try encodedByJSONEncoderAlone(profile)))
        #expect(try ReferenceProfile.load(from: fast, source: "t.json") == profile)
    }

    @Test func aBuiltProfileEncodesAsBefore() throws {
        let lines = (0..<2_000).map { i in
            "{\"event_id\":\"e\(i)\",\"model_id\":\"m\",\"features\":{\"a\":\(Double(i) * 0.37 - 100),\"b\":\"k\(i % 7)\"},\"prediction\":\(i % 2),\"score\":0.\(i % 10),\"label\":\(i % 3 == 0 ? 1 : 0)}"
        }
        let profile = try ReferenceInput.build(data: Data(lines.joined(separator: "\n").utf8), file: "e.jsonl", modelID: "m",
                                               sampling: .init(maxValues: 500, seed: 3))
        #expect(try profile.encoded() == (try encodedByJSONEncoderAlone(profile)))
    }
}
