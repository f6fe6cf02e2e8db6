import DriftwatchCore
@testable import DriftwatchRuntime
import Foundation
import Synchronization
import Testing

/// Replay's closing line (issue 13): alerts counted by type, triggers by urgency, the input
/// lines of dead letters, and an empty input said in one sentence.
@Suite struct ReplaySummaryLineTests {
    typealias H = ReplayHarness

    @Test func theSummaryCountsAlertsByTypeAndNamesDeadLetterLines() throws {
        // 12,000 events drifting from 6,000; a blank line and a broken one as input lines 51 and 52,
        // over 3 partitions (line i is partition (i-1) mod 3 at offset (i-1) / 3).
        var input = H.events(count: 50, driftAt: 6_000)
        input += Array("\nnot json\n".utf8)
        input += H.events(count: 11_950, start: 50, driftAt: 6_000)
        let context = PipelineContext(config: H.config(), references: [H.model: H.reference])
        let tally = ReplayTally(partitions: 3)
        let acks = AckQueue()
        let urgencies = Mutex<[String]>([])
        let sink = ObservedSink(ReplaySink(acks: acks) { _ in }) { message in
            tally.observe(message)
            if case .trigger(let t) = message.payload { urgencies.withLock { $0.append(t.urgency.rawValue) } }
        }
        let driver = PipelineDriver.replaying(context: context, sink: sink, acks: acks)
        let counters = try Replay.run(driver: driver, events: input, labels: nil, options: .init(partitions: 3))
        let model = try #require(driver.modelStage?.counters)
        let line = tally.summary(counters, model)
        #expect(counters.events == 12_000 && counters.deadLettered == 2)
        #expect(line.contains("2 dead-lettered (lines 51 and 52)"), "\(line)")
        #expect(model.alerts > 0 && line.contains("feature_drift "), "\(line)")

        // The counts by type add up to the alerts, in SPEC order.
        let alertPart = try #require(line.components(separatedBy: "\(model.alerts) alerts (").last?
            .components(separatedBy: ")").first)
        let byType = alertPart.components(separatedBy: ", ").map { $0.split(separator: " ") }
        #expect(byType.map { Int($0[1]) ?? 0 }.reduce(0, +) == model.alerts, "\(line)")
        let order = byType.map { AlertType(rawValue: String($0[0]))! }
        #expect(order == order.sorted { AlertType.allCases.firstIndex(of: $0)! < AlertType.allCases.firstIndex(of: $1)! })
        // Triggers by urgency, in SPEC order, counted here from the published triggers.
        let published = urgencies.withLock { $0 }
        let byUrgency = RetrainUrgency.allCases.compactMap { u in
            let n = published.filter { $0 == u.rawValue }.count
            return n == 0 ? nil : "\(u.rawValue) \(n)"
        }
        #expect(model.triggers > 0 && line.hasSuffix("\(model.triggers) retrain triggers (\(byUrgency.joined(separator: ", ")))"), "\(line)")
    }

    @Test func longListsOfDeadLetterLinesAreCut() {
        #expect(ReplayTally.lines([7], word: "line") == "line 7")
        #expect(ReplayTally.lines([12, 7, 9], word: "line") == "lines 7, 9 and 12")
        #expect(ReplayTally.lines(Array(1...15), word: "labels line") == "labels lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 5 more")
        #expect(ReplayTally.lines([], word: "line") == nil)
    }

    @Test func anEmptyInputIsSaidInOneSentence() throws {
        let executable = try #require(GracefulShutdownTests.executable)
        let config = GracefulShutdownTests.root.appendingPathComponent("pipelines/example.yaml").path
        let process = Process()
        process.executableURL = executable
        process.arguments = ["replay", "--config", config, "--input", "-"]
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text == "driftwatch: standard input holds no events (no lines); nothing to replay.\n", "\(text)")
    }
}
