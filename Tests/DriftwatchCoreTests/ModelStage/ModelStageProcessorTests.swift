import Testing
@testable import DriftwatchCore

@Suite struct ModelStageProcessorTests {
    typealias F = ModelStageFixtures
    typealias Processor = ModelStageProcessor<TestSummary>

    func processor(windowSize: Int = 400, partitions: Int = 4, cooldownSeconds: Double = 3_600,
                   runbooks: [AlertType: String] = [:]) -> Processor {
        Processor(config: F.config(windowSize: windowSize, cooldownSeconds: cooldownSeconds),
                  partitionCount: partitions, runbooks: runbooks, analyze: F.analyzer)
    }

    /// Two models over four partitions, interleaved, with republished summaries.
    func delivery(seed: UInt64 = 17) -> Delivery {
        let fraud = F.sequences(model: "fraud", partitions: 4, windowSize: 400, perPartition: 80, seed: 1)
        let churn = F.sequences(model: "churn", partitions: 4, windowSize: 400, perPartition: 60, seed: 2)
        return F.interleave(fraud + churn, seed: seed, duplicates: 0.1)
    }

    static func alerts(_ outputs: [ModelStageOutput]) -> [Alert] {
        outputs.compactMap { if case .alert(let a) = $0 { a } else { nil } }
    }

    static func states(_ outputs: [ModelStageOutput]) -> [ModelState] {
        outputs.compactMap { if case .state(let s) = $0 { s } else { nil } }
    }

    @Test func outputsAfterARestoreEqualAnUninterruptedRun() throws {
        let delivery = delivery()
        var uninterrupted = processor()
        let steps = F.run(&uninterrupted, delivery)
        let tail = uninterrupted.finish()
        let all = steps.flatMap(\.outputs) + tail
        // The scenario exercises what a restore must carry: held-back alerts and triggers.
        #expect(uninterrupted.suppressedAlerts > 10)
        #expect(uninterrupted.droppedSummaries == delivery.count - Set(delivery.map(\.mergedIDs)).count)
        #expect(all.contains { if case .trigger = $0 { true } else { false } })
        var random = SplitMix64(seed: 99)
        for _ in 0..<12 {
            let crash = random.integer(1, delivery.count - 1)
            var before = processor()
            let early = F.run(&before, Array(delivery[0..<crash]))
            // What the state topic holds: the last state record of each model (or none yet).
            for modelID in before.modelIDs {
                let state = before.state(model: modelID)
                if let last = Self.states(early.flatMap(\.outputs)).last(where: { $0.modelID == modelID }) {
                    #expect(state == last)
                } else {
                    #expect(state.windowIndex == 0 && state.nextExpected.values.allSatisfy { $0 == 0 })
                }
            }
            let safe = try #require(before.safePosition())
            #expect(safe <= Int64(crash))
            var after = processor()
            for modelID in before.modelIDs {
                let bytes = before.state(model: modelID).jsonBytes
                after.restore(try ModelState(jsonBytes: bytes))
            }
            let replayed = F.run(&after, delivery, from: Int(safe)).flatMap(\.outputs) + after.finish()
            let expected = steps.filter { $0.position >= crash }.flatMap(\.outputs) + tail
            #expect(replayed == expected, "crash at \(crash), restart from \(safe)")
        }
    }

    @Test func aStateRecordNewerThanTheCommittedOffsetRestoresToo() throws {
        // Kafka can hold a state record written after the last commit (crash between the two):
        // re-reading from the older offset drops what that state already merged.
        let delivery = delivery(seed: 23)
        var uninterrupted = processor()
        let steps = F.run(&uninterrupted, delivery)
        let tail = uninterrupted.finish()
        var random = SplitMix64(seed: 7)
        for _ in 0..<6 {
            let commitAt = random.integer(1, delivery.count / 2)
            let crash = random.integer(commitAt, delivery.count - 1)
            var before = processor()
            _ = F.run(&before, Array(delivery[0..<commitAt]))
            let committed = try #require(before.safePosition())
            _ = F.run(&before, Array(delivery[0..<crash]), from: commitAt)
            var after = processor()
            for modelID in before.modelIDs { after.restore(before.state(model: modelID)) }
            let replayed = F.run(&after, delivery, from: Int(committed)).flatMap(\.outputs) + after.finish()
            #expect(replayed == steps.filter { $0.position >= crash }.flatMap(\.outputs) + tail,
                    "committed \(committed), state from \(crash)")
        }
    }

    @Test func restoringWithoutCooldownsWouldRepublishHeldBackAlerts() throws {
        // The control for the test above: forgetting the cooldowns changes the outputs.
        let delivery = delivery()
        var uninterrupted = processor()
        let steps = F.run(&uninterrupted, delivery)
        let crash = delivery.count / 2
        var before = processor()
        _ = F.run(&before, Array(delivery[0..<crash]))
        var forgetful = processor()
        for modelID in before.modelIDs {
            var state = before.state(model: modelID)
            state.cooldowns = [:]
            forgetful.restore(state)
        }
        let safe = try #require(before.safePosition())
        let replayed = Self.alerts(F.run(&forgetful, delivery, from: Int(safe)).flatMap(\.outputs))
        let expected = Self.alerts(steps.filter { $0.position >= crash }.flatMap(\.outputs))
        #expect(replayed.count > expected.count)
    }

    @Test func aDriftInEveryPartitionGivesOneAlertPerModelWindow() {
        let sequences = F.sequences(partitions: 4, windowSize: 400, perPartition: 40, seed: 5) { _ in 1 }
        var stage = processor(cooldownSeconds: 0)
        let outputs = F.run(&stage, F.interleave(sequences, seed: 3)).flatMap(\.outputs) + stage.finish()
        let windows = Self.states(outputs).count
        let drift = Self.alerts(outputs).filter { $0.type == .featureDrift }
        #expect(windows >= 30)
        #expect(drift.map(\.alertID) == (0..<windows).map { "alert:fraud:predictions:model-\($0):feature_drift" })
        #expect(drift.allSatisfy { $0.severity == .critical })
        // Each alert names the partitions of its window; most windows span all four.
        #expect(drift.allSatisfy { $0.window.partitions?.reduce(0) { $0 + $1.events } == $0.window.events })
        #expect(drift.filter { $0.window.partitions?.count == 4 }.count * 10 >= windows * 8)
        // With the default hour of cooldown, one alert per hour of event time for the whole model.
        var cooled = processor()
        let hourly = Self.alerts(F.run(&cooled, F.interleave(sequences, seed: 3)).flatMap(\.outputs) + cooled.finish())
            .filter { $0.type == .featureDrift }
        #expect(hourly.count >= 2 && hourly.count < windows / 4)
        for (a, b) in zip(hourly, hourly.dropFirst()) {
            #expect(b.window.endTimeMs - a.window.endTimeMs >= 3_600_000)
        }
    }

    @Test func alertsCarryTheTrendOfTheLastTenWindowsAndTheRunbook() throws {
        let sequences = F.sequences(partitions: 3, windowSize: 300, perPartition: 60, seed: 8)
        var stage = processor(windowSize: 300, partitions: 3, cooldownSeconds: 0,
                              runbooks: [.featureDrift: "https://runbooks.example/drift"])
        let outputs = F.run(&stage, F.interleave(sequences, seed: 4)).flatMap(\.outputs) + stage.finish()
        var shares: [Int: Double] = [:]
        for case .report(let report) in outputs {
            let index = try #require(report["window"]?["index"]?.doubleValue)
            shares[Int(index)] = try #require(report["drift_share"]?.doubleValue)
        }
        let drift = Self.alerts(outputs).filter { $0.type == .featureDrift }
        #expect(drift.count > 12)
        for alert in drift {
            let trend = try #require(alert.trend)
            let k = alert.window.index
            #expect(trend.metric == "drift_share")
            #expect(trend.windows == Array(max(0, k - 9)...k))
            #expect(trend.values == trend.windows.map { shares[$0] })
            #expect(alert.runbookURL == "https://runbooks.example/drift")
            #expect(alert.jsonString.contains(#""runbook_url":"https://runbooks.example/drift","created_at""#))
        }
        let errors = Self.alerts(outputs).filter { $0.type == .errorRate }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.runbookURL == nil && $0.jsonString.contains(#""runbook_url":null"#) })
    }

    @Test func eachClosedWindowPublishesReportAlertsTriggerThenState() {
        let sequences = F.sequences(partitions: 2, windowSize: 200, perPartition: 40, seed: 6)
        var stage = processor(windowSize: 200, partitions: 2)
        let outputs = F.run(&stage, F.interleave(sequences, seed: 1)).flatMap(\.outputs) + stage.finish()
        func rank(_ output: ModelStageOutput) -> Int {
            switch output {
            case .report: 0
            case .alert: 1
            case .trigger: 2
            case .state: 3
            }
        }
        // Per window: one report, then alerts, then at most one trigger, then one state record.
        var windows: [[ModelStageOutput]] = [[]]
        for output in outputs {
            windows[windows.count - 1].append(output)
            if case .state = output { windows.append([]) }
        }
        #expect(windows.removeLast().isEmpty)
        for (k, window) in windows.enumerated() {
            #expect(window.map(rank) == window.map(rank).sorted())
            #expect(window.filter { rank($0) == 0 }.count == 1)
            #expect(window.filter { rank($0) == 2 }.count <= 1)
            if case .state(let state) = window.last { #expect(state.windowIndex == k + 1) }
            if case .report(let report) = window.first {
                let parts = report["sub_windows"]?.arrayValue ?? []
                #expect(!parts.isEmpty)
                #expect(parts.compactMap { $0["events"]?.doubleValue }.reduce(0, +) == report["window"]?["events"]?.doubleValue)
            }
        }
        #expect(stage.safePosition() == Int64(F.interleave(sequences, seed: 1).count))
    }
}
