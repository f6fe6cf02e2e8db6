import Foundation
import Testing
@testable import DriftwatchCore

/// Numbers must be the correctly rounded Double: glibc's strtod is, so compare bit for bit.
@Suite struct JSONNumberTests {
    func parse(_ text: String) throws(DecodeFailure) -> Double {
        guard case .number(let d) = try JSONValue.parse(text) else { throw DecodeFailure("not a number") }
        return d
    }

    @Test func generatedNumbersMatchStrtodBitForBit() throws {
        var corpus = JSONCorpus(seed: 11)
        var checked = 0
        for _ in 0..<50_000 {
            let text = corpus.number()
            let ours = try parse(text)
            let reference = strtod(text, nil)
            #expect(ours.bitPattern == reference.bitPattern || (ours == 0 && reference == 0), "\(text): \(ours) vs \(reference)")
            checked += 1
        }
        #expect(checked == 50_000)
    }

    @Test func shortestRepresentationsRoundTrip() throws {
        var corpus = JSONCorpus(seed: 12)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: corpus.next() & 0x7FEF_FFFF_FFFF_FFFF)
            #expect(try parse(JSONWriter.format(d)).bitPattern == d.bitPattern)
            #expect(try parse("\(d)").bitPattern == d.bitPattern)
        }
    }

    static let hardCases: [String] = [
        "0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740993", "9007199254740992",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062328e-324",
        "2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623158e308", "179769313486231580793728971405301e276",
        "0.1000000000000000055511151231257827021181583404541015625", "1.00000000000000011102230246251565404236316680908203125",
        "123456789012345678901234567890", "0.000001", "1e-7", "100000000000000000000000", "3.14159265358979323846",
        "7.038531e-26", "1448997445238699", "1e-400", "-1e-400", "0e1000", "1E+2", "1e-0", "5e-324", "8.98846567431158e307",
    ]

    @Test(arguments: hardCases)
    func hardCasesMatchStrtod(text: String) throws {
        let ours = try parse(text)
        let reference = strtod(text, nil)
        #expect(ours == reference && ours.sign == reference.sign)
    }

    static let invalid: [String] = ["01", "-01", "+1", ".5", "1.", "-", "1e", "1e+", "NaN", "-NaN", "Infinity", "-Infinity",
                                    "0x10", "1.5e", "--1", "1e309", "-1e309", "1_000", "1 2", "١"]

    @Test(arguments: invalid)
    func invalidNumbersAreRejected(text: String) {
        #expect(throws: DecodeFailure.self) { try parse(text) }
    }
}

@Suite struct RFC3339Tests {
    static let valid: [(String, Double)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2026-01-01T00:00:00Z", 1_767_225_600_000),
        ("2026-01-01T00:00:00.5Z", 1_767_225_600_500),
        ("2026-01-01T00:00:00.123456789Z", 1_767_225_600_123),
        ("2026-01-01t00:00:00.1z", 1_767_225_600_100),
        ("2026-01-01 00:00:00Z", 1_767_225_600_000),
        ("2026-01-01T05:30:00+05:30", 1_767_225_600_000),
        ("2025-12-31T19:00:00-05:00", 1_767_225_600_000),
        ("2026-01-01T00:00:00-00:00", 1_767_225_600_000),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
        ("2000-02-29T00:00:00Z", 951_782_400_000),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2016-12-31T23:59:60Z", 1_483_228_800_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
    ]

    @Test(arguments: valid)
    func parses(text: String, ms: Double) {
        #expect(RFC3339.epochMilliseconds(text) == ms)
    }

    /// Agrees with Foundation's ISO8601DateFormatter on a range of instants.
    @Test func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var corpus = JSONCorpus(seed: 5)
        for _ in 0..<2000 {
            let ms = Double(Int(corpus.next() % 8_000_000_000_000)) - 1_000_000_000_000
            let text = RFC3339.format(epochMilliseconds: ms)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: ms / 1000)), "\(ms)")
            #expect(RFC3339.epochMilliseconds(text) == ms)
        }
    }

    static let invalid = ["2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z",
                          "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00Zx",
                          "2026-1-01T00:00:00Z", "26-01-01T00:00:00Z", "2026-01-01X00:00:00Z", "2026-01-00T00:00:00Z", ""]

    @Test(arguments: invalid)
    func rejects(text: String) {
        #expect(RFC3339.epochMilliseconds(text) == nil)
    }

    @Test func formats() {
        #expect(RFC3339.format(epochMilliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(epochMilliseconds: 1_767_225_600_123.9) == "2026-01-01T00:00:00.123Z")
        #expect(RFC3339.format(epochMilliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }
}
