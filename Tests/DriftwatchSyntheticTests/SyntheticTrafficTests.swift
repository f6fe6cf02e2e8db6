import Foundation
import Testing
import DriftwatchCore
@testable import DriftwatchSynthetic

@Suite struct SyntheticTrafficTests {
    private func object(_ bytes: [UInt8]) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(parsed as? [String: Any])
    }

    @Test func sameSeedGivesSameBytesDifferentSeedDoesNot() {
        let a = SyntheticTraffic(seed: 7, driftAt: 100)
        let b = SyntheticTraffic(seed: 7, driftAt: 100)
        let c = SyntheticTraffic(seed: 8, driftAt: 100)
        for index in [0, 1, 99, 100, 5_000] {
            #expect(a.event(at: index) == b.event(at: index))
            #expect(a.event(at: index) != c.event(at: index))
        }
    }

    @Test func eventsAreValidJSONWithTheContractFields() throws {
        let traffic = SyntheticTraffic(seed: 1)
        var sizes = 0
        var errors = 0
        var labels = 0
        var nulls = 0
        let count = 2_000
        for index in 0..<count {
            let bytes = traffic.event(at: index)
            sizes += bytes.count
            let event = try object(bytes)
            #expect(event["event_id"] as? String == "e-1-\(index)")
            #expect(event["model_id"] as? String == "fraud-detector")
            #expect(["v1", "v2"].contains(event["model_version"] as? String ?? ""))
            #expect(event["timestamp"] as? Int64 == SyntheticTraffic.startTimestampMs + Int64(index))
            let features = try #require(event["features"] as? [String: Any])
            #expect(features.count == 24)
            nulls += features.values.filter { $0 is NSNull }.count
            if event["error"] != nil {
                errors += 1
                #expect(event["prediction"] == nil)
            } else {
                let score = try #require(event["score"] as? Double)
                #expect(score >= 0 && score <= 1)
                #expect([0, 1].contains(event["prediction"] as? Int ?? -1))
            }
            if event["label"] != nil { labels += 1 }
        }
        let meanSize = sizes / count
        #expect(meanSize > 450 && meanSize < 750, "mean size \(meanSize)")
        #expect(labels > count / 5 && labels < count * 2 / 5)
        #expect(errors < count / 50)
        #expect(nulls > 0 && nulls < count * 24 / 40)
    }

    private func mean(_ traffic: SyntheticTraffic, _ range: Range<Int>, _ key: String) throws -> Double {
        var total = 0.0
        var count = 0.0
        for index in range {
            let event = try object(traffic.event(at: index))
            let value = key == "score"
                ? event["score"] as? Double
                : (event["features"] as? [String: Any])?[key] as? Double
            if let value {
                total += value
                count += 1
            }
        }
        return total / count
    }

    @Test func driftShiftsNamedFeaturesAndScoreOnly() throws {
        let calm = SyntheticTraffic(seed: 3)
        let drifting = SyntheticTraffic(seed: 3, driftAt: 0)
        let range = 0..<3_000
        let amountRatio = try mean(drifting, range, "amount") / mean(calm, range, "amount")
        #expect(amountRatio > 1.4 && amountRatio < 1.8)
        let ageShift = try mean(drifting, range, "customer_age") - mean(calm, range, "customer_age")
        #expect(ageShift > 6 && ageShift < 10)
        #expect(try mean(drifting, range, "score") > mean(calm, range, "score") + 0.05)
        // Untouched features are drawn identically.
        #expect(try mean(drifting, range, "credit_score") == mean(calm, range, "credit_score"))
        #expect(try mean(drifting, range, "session_secs") == mean(calm, range, "session_secs"))
        #expect(!calm.isDrifted(1_000_000) && drifting.isDrifted(0))
    }

    @Test func numbersAreWrittenInFixedPoint() {
        var out = JSONByteWriter(capacity: 64)
        out.number(-0.05, decimals: 2)
        out.raw(" ")
        out.number(12.5, decimals: 3)
        out.raw(" ")
        out.number(3, decimals: 2)
        out.raw(" ")
        out.number(0.0004, decimals: 4)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "-0.05 12.5 3 0.0004")
    }
}
