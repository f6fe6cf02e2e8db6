import Foundation
import Testing
@testable import DriftwatchCore

@Suite("LLM budget and quality rules")
struct LLMRulesTests {
    static let day0 = 1_796_256_000_000.0  // 2026-12-03T00:00:00Z
    static let hour = 3_600_000.0

    /// A day of $10 windows against a $100 budget: warning at $80, critical at $100, once each.
    @Test func budgetWarnsAtEightyAndPagesAtHundredPercentOncePerDay() {
        var tracker = LLMBudgetTracker()
        var crossings: [(Int, LLMBudgetCrossing)] = []
        for i in 0..<15 {
            if let c = tracker.record(modelID: "chat", costUSD: 10, eventTimeMs: Self.day0 + Double(i) * Self.hour, budgetUSD: 100) {
                crossings.append((i, c))
            }
        }
        #expect(crossings.map(\.0) == [7, 9], "warning on the 8th window ($80), critical on the 10th ($100)")
        #expect(crossings.map(\.1.severity) == [.warning, .critical])
        #expect(crossings[0].1.day == "2026-12-03")
        #expect(crossings[0].1.summary == "LLM spend of model chat on 2026-12-03 is $80 (80% of the $100 daily budget)")
        #expect(crossings[1].1.share == 1)
        #expect(tracker.states["chat"]?.costUSD == 150)
    }

    @Test func aNewUTCDayStartsFromZeroAndLateCostsAreIgnored() {
        var tracker = LLMBudgetTracker()
        #expect(tracker.record(modelID: "m", costUSD: 120, eventTimeMs: Self.day0 + 23 * Self.hour, budgetUSD: 100)?.severity == .critical)
        // 00:30 the next day: $50 is 50%, no alert; the previous day's critical does not carry over.
        #expect(tracker.record(modelID: "m", costUSD: 50, eventTimeMs: Self.day0 + 24.5 * Self.hour, budgetUSD: 100) == nil)
        #expect(tracker.states["m"]?.dayText == "2026-12-04")
        // A late window of the previous day changes nothing.
        #expect(tracker.record(modelID: "m", costUSD: 500, eventTimeMs: Self.day0 + 22 * Self.hour, budgetUSD: 100) == nil)
        #expect(tracker.states["m"]?.costUSD == 50)
        // Models are independent.
        #expect(tracker.record(modelID: "other", costUSD: 85, eventTimeMs: Self.day0 + 25 * Self.hour, budgetUSD: 100)?.severity == .warning)
        #expect(tracker.record(modelID: "m", costUSD: 30, eventTimeMs: Self.day0 + 26 * Self.hour, budgetUSD: 100)?.severity == .warning)
    }

    @Test func noBudgetNoAlertButCostIsStillTracked() {
        var tracker = LLMBudgetTracker()
        #expect(tracker.record(modelID: "m", costUSD: 1e6, eventTimeMs: Self.day0, budgetUSD: nil) == nil)
        #expect(tracker.states["m"]?.costUSD == 1e6)
        #expect(tracker.record(modelID: "m", costUSD: .nan, eventTimeMs: Self.day0, budgetUSD: 1) == nil)
    }

    /// The model stage persists the tracker; a restored one makes the same decisions.
    @Test func stateRoundTripsThroughJSON() throws {
        var tracker = LLMBudgetTracker()
        _ = tracker.record(modelID: "m", costUSD: 85, eventTimeMs: Self.day0, budgetUSD: 100)
        let data = try JSONEncoder().encode(tracker)
        var restored = try JSONDecoder().decode(LLMBudgetTracker.self, from: data)
        #expect(restored == tracker)
        #expect(String(decoding: data, as: UTF8.self).contains(#""sent":"warning""#))
        #expect(restored.record(modelID: "m", costUSD: 1, eventTimeMs: Self.day0 + Self.hour, budgetUSD: 100) == nil,
                "the warning was already sent today")
        #expect(restored.record(modelID: "m", costUSD: 20, eventTimeMs: Self.day0 + Self.hour, budgetUSD: 100)?.severity == .critical)
    }

    @Test func dayOfTimesBeforeEpochFloors() {
        #expect(LLMBudgetState.day(ofEpochMilliseconds: -1) == -1)
        #expect(LLMBudgetState(day: -1).dayText == "1969-12-31")
    }

    static func sums(quality: [Double] = [], groundedness: [Double] = [], flags: Int = 0, judged: Int = 0) -> LLMQualitySums {
        var s = LLMQualitySums()
        for q in quality { var u = LLMUsage(); u.quality = q; s.add(u) }
        for g in groundedness { var u = LLMUsage(); u.groundedness = g; s.add(u) }
        for i in 0..<judged { var u = LLMUsage(); u.safetyFlag = i < flags; s.add(u) }
        return s
    }

    @Test func qualityRuleIsSilentOnAHealthyWindow() {
        let finding = LLMQualityRule().evaluate(Self.sums(quality: [4, 3.5, 4.5], groundedness: [0.7, 0.9], flags: 5, judged: 1_000))
        #expect(finding.severity == .none && finding.failed.isEmpty)
        #expect(LLMQualityRule().evaluate(LLMQualitySums()).severity == .none, "no judge fields, nothing to judge")
    }

    @Test func qualityRuleFlagsEachCheck() {
        let rule = LLMQualityRule()
        #expect(rule.evaluate(Self.sums(quality: [3, 3.9])).failed == ["quality"])
        #expect(rule.evaluate(Self.sums(groundedness: [0.6, 0.79])).failed == ["groundedness"])
        let flagged = rule.evaluate(Self.sums(flags: 6, judged: 1_000))
        #expect(flagged.failed == ["safety_flag"] && flagged.severity == .warning)
        #expect(flagged.summary == "LLM quality: 0.6% of responses were safety-flagged (6 of 1000), above 0.5%")
        let all = rule.evaluate(Self.sums(quality: [1], groundedness: [0.1], flags: 1, judged: 1))
        #expect(all.failed == ["quality", "groundedness", "safety_flag"])
        #expect(all.metrics["quality_mean"] == .number(1))
    }
}

@Suite("Silences")
struct SilenceMatcherTests {
    static let from = 1_796_256_000_000.0, to = from + 86_400_000
    let matcher = SilenceMatcher(silences: [
        .init(modelID: "fraud", type: .featureDrift, fromMs: from, toMs: to, comment: "planned migration"),
        .init(modelID: nil, type: .latency, fromMs: from, toMs: from + 3_600_000),
        .init(modelID: "chat", type: nil, fromMs: to, toMs: to + 1),
    ])

    @Test func matchesModelTypeAndEventTimeRange() {
        #expect(matcher.silence(modelID: "fraud", type: .featureDrift, eventTimeMs: Self.from)?.comment == "planned migration")
        #expect(matcher.silence(modelID: "fraud", type: .featureDrift, eventTimeMs: Self.to) == nil, "to is exclusive")
        #expect(matcher.silence(modelID: "fraud", type: .featureDrift, eventTimeMs: Self.from - 1) == nil)
        #expect(matcher.silence(modelID: "fraud", type: .errorRate, eventTimeMs: Self.from + 1) == nil)
        #expect(matcher.silence(modelID: "other", type: .latency, eventTimeMs: Self.from + 1) != nil, "no model: every model")
        #expect(matcher.silence(modelID: "chat", type: .llmBudget, eventTimeMs: Self.to) != nil, "no type: every type")
    }

    @Test func partitionsAlertsByTheirWindowEnd() {
        func alert(_ type: AlertType, end: Double) -> Alert {
            let window = WindowInfo(topic: "predictions", partition: 0, startOffset: 0, endOffset: 9, events: 10,
                                    index: 0, startTimeMs: end - 1_000, endTimeMs: end, partial: false)
            return Alert(type: type, severity: .warning, modelID: "fraud", modelVersion: nil, window: window,
                         summary: "s", metrics: [:])
        }
        let alerts = [alert(.featureDrift, end: Self.from + 10), alert(.errorRate, end: Self.from + 10),
                      alert(.featureDrift, end: Self.to + 10)]
        let (publish, silenced) = matcher.partition(alerts)
        #expect(silenced.map(\.type) == [.featureDrift])
        #expect(publish.map(\.type) == [.errorRate, .featureDrift])
    }
}
