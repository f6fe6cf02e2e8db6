import Testing
@testable import DriftwatchCore

/// `llm_budget` in the model stage (SPEC section 6, issue 12): the day's running spend lives in
/// `ModelState`, so an owner restored at any point of the day publishes exactly the budget alerts
/// an uninterrupted run publishes: none repeated, none lost.
@Suite struct LLMBudgetRestoreTests {
    typealias F = ModelStageFixtures
    typealias Processor = ModelStageProcessor<TestSummary>

    /// $0.001 per event; the stream starts at 21:30 UTC so it crosses midnight after 2.5 hours.
    static let costPerEvent = 0.001
    static let shiftMs = 21.5 * 3_600_000

    static let analyzer: Processor.Analyzer = { merged, window in
        var (report, findings) = F.analyzer(merged, window)
        findings.system = SystemFinding(events: merged.events, errors: merged.errors, llmRequests: merged.events,
                                        llmCostUSD: Double(merged.events) * costPerEvent)
        return (report, findings)
    }

    static func processor(budget: Double? = 10) -> Processor {
        var config = F.config(windowSize: 400, cooldownSeconds: 3_600)
        config.alerts.llmDailyBudgetUSD = budget
        return Processor(config: config, partitionCount: 4, analyze: analyzer)
    }

    static func delivery(seed: UInt64 = 31) -> Delivery {
        let sequences = F.sequences(model: "assistant", partitions: 4, windowSize: 400, perPartition: 80, seed: 5)
            .map { $0.map { s in
                var s = s
                s.startTimeMs += shiftMs
                s.endTimeMs += shiftMs
                return s
            } }
        return F.interleave(sequences, seed: seed, duplicates: 0.1)
    }

    static func budgetAlerts(_ outputs: [ModelStageOutput]) -> [Alert] {
        outputs.compactMap { if case .alert(let a) = $0, a.type == .llmBudget { a } else { nil } }
    }

    @Test func warningAndCriticalOncePerDay() throws {
        var stage = Self.processor()
        let outputs = F.run(&stage, Self.delivery()).flatMap(\.outputs) + stage.finish()
        let alerts = Self.budgetAlerts(outputs)
        let days = alerts.map { $0.metrics["day"]?.stringValue ?? "" }
        #expect(alerts.map(\.severity) == [.warning, .critical, .warning, .critical], "\(alerts.map(\.summary))")
        #expect(days == ["2026-01-01", "2026-01-01", "2026-01-02", "2026-01-02"])
        // The warning fires at 80% of the $10 budget, the critical at 100%.
        for alert in alerts {
            let share = try #require(alert.metrics["share"]?.doubleValue)
            #expect(alert.severity == .critical ? share >= 1 : (0.8..<1).contains(share), "\(alert.summary)")
            #expect(alert.trend?.metric == "daily_cost_usd")
        }
        // No budget configured: nothing tracked, nothing in the state records.
        var unbudgeted = Self.processor(budget: nil)
        let plain = F.run(&unbudgeted, Self.delivery()).flatMap(\.outputs)
        #expect(Self.budgetAlerts(plain).isEmpty)
        #expect(unbudgeted.state(model: "assistant").llmBudget == nil)
    }

    @Test func aRestoreMidDayPublishesWhatAnUninterruptedRunDoes() throws {
        let delivery = Self.delivery()
        var uninterrupted = Self.processor()
        let steps = F.run(&uninterrupted, delivery)
        let tail = uninterrupted.finish()
        #expect(Self.budgetAlerts(steps.flatMap(\.outputs) + tail).count == 4)
        var random = SplitMix64(seed: 4)
        var restoredWithSpend = 0
        for _ in 0..<16 {
            let crash = random.integer(1, delivery.count - 1)
            var before = Self.processor()
            _ = F.run(&before, Array(delivery[0..<crash]))
            var after = Self.processor()
            for modelID in before.modelIDs {
                let state = try ModelState(jsonBytes: before.state(model: modelID).jsonBytes)
                #expect(state == before.state(model: modelID), "the state record round-trips")
                if let budget = state.llmBudget, budget.costUSD > 0 { restoredWithSpend += 1 }
                after.restore(state)
            }
            let safe = try #require(before.safePosition())
            let replayed = F.run(&after, delivery, from: Int(safe)).flatMap(\.outputs) + after.finish()
            let expected = steps.filter { $0.position >= crash }.flatMap(\.outputs) + tail
            #expect(Self.budgetAlerts(replayed) == Self.budgetAlerts(expected), "crash at \(crash)")
            #expect(replayed == expected, "crash at \(crash), restart from \(safe)")
        }
        #expect(restoredWithSpend > 8, "most crashes happen with part of a day's spend in the state")
    }
}
