import Foundation
import Testing
@testable import DriftwatchCore

/// The valid range [p0.1, p99.9] behind `out_of_range_rate`: stored in format-2 profiles,
/// computed at load for format 1, counted in mergeable summaries.
@Suite struct ReferenceValidRangeTests {
    static func profileText(version: Int, extra: String = "") -> String {
        let values = (1...1_000).map { String($0) }.joined(separator: ",")
        return """
            {"format":"driftwatch.reference","format_version":\(version),"model_id":"m",
             "sampling":{"max_values":100000,"seed":1},
             "features":{"x":{"type":"numeric","count":1000,"missing":0,"values":[\(values)]\(extra)}}}
            """
    }

    static func range(_ text: String) throws -> ClosedRange<Double>? {
        let prepared = try ReferenceProfile.load(from: Data(text.utf8), source: "ref.json").prepared()
        guard case .numeric(let r)? = prepared.features["x"] else { return nil }
        return r.validRange
    }

    @Test func formatOneLoadsAndComputesTheRangeFromItsValues() throws {
        // numpy.percentile(np.arange(1, 1001), [0.1, 99.9]) == [1.999, 999.001]
        let r = try #require(try Self.range(Self.profileText(version: 1)))
        #expect(abs(r.lowerBound - 1.999) < 1e-12 && abs(r.upperBound - 999.001) < 1e-12)
        let p = try ReferenceProfile.load(from: Data(Self.profileText(version: 1).utf8))
        #expect(p.adaptive == nil && p.features["x"]?.p0_1 == nil)
    }

    @Test func formatTwoUsesTheStoredRange() throws {
        let r = try Self.range(Self.profileText(version: 2, extra: ",\"p0_1\":10,\"p99_9\":20"))
        #expect(r == 10...20)
    }

    @Test func summariesCountOutOfRangeValuesAndMergeThem() throws {
        let reference = NumericReference(values: (1...1_000).map(Double.init), validRange: 10...20)
        let fine = FineBins(reference: reference, bins: 100)
        #expect(fine.validRange == 10...20)
        let values: [Double] = [5, 10, 15, 20, 25, .nan, .infinity]
        #expect(outOfRangeCount(values, range: fine.validRange) == 2, "5 and 25; NaN/inf are missing, 10 and 20 inside")
        var a = NumericColumnSummary(values: values, fine: fine)
        a.outOfRange = outOfRangeCount(values, range: fine.validRange)
        var b = a
        b.merge(a)
        #expect(b.outOfRange == 4)
        // JSON round trip; a summary of an older worker (no "out_of_range") reads as 0.
        #expect(try NumericColumnSummary(SummaryReader(b.jsonValue, "x")) == b)
        guard case .object(var o) = b.jsonValue else { Issue.record("not an object"); return }
        o["out_of_range"] = nil
        #expect(try NumericColumnSummary(SummaryReader(.object(o), "x")).outOfRange == 0)
    }

    @Test func outOfRangeCountOverTheSortedSampleIsTheSame() {
        var g = SplitMix64(seed: 11)
        for n in [0, 1, 2, 7, 100, 1000] {
            let values = (0..<n).map { _ in Double(Int.random(in: -5...25, using: &g)) } + [.nan, .infinity, -.infinity]
            let sorted = NumericSample(values: values).sorted
            for range in [nil, 10...20, 0...0, -100...100, 30...40] as [ClosedRange<Double>?] {
                #expect(outOfRangeCount(sorted: sorted, range: range) == outOfRangeCount(values, range: range))
            }
        }
    }
}
