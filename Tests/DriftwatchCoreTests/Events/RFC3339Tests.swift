import Foundation
import Testing
@testable import DriftwatchCore

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
