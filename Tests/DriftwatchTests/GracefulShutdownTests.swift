import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing
@testable import driftwatch

/// `driftwatch run` as a real child process against the test's mock cluster: SIGTERM (then a
/// second run stopped by SIGINT) must exit 0, commit exactly the safe offsets, and lose nothing.
@Suite(.serialized, .timeLimit(.minutes(2))) struct GracefulShutdownTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `driftwatch` executable: next to the test bundle, else `.build/debug`.
    static var executable: URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            // .../debug/driftwatchPackageTests.xctest (or a bundle's Contents/MacOS).
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("driftwatch"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("driftwatch"))
        candidates.append(root.appendingPathComponent(".build/debug/driftwatch"))
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }

    /// A `driftwatch run` child process; its output goes to files (a full pipe would block it).
    final class Child {
        let process = Process()
        let stderrURL: URL

        init(executable: URL, config: String, brokers: String, directory: URL, name: String) throws {
            process.executableURL = executable
            process.arguments = ["run", "--config", config, "--brokers", brokers]
            var environment = ProcessInfo.processInfo.environment
            environment["DRIFTWATCH_BROKERS"] = nil
            environment["DRIFTWATCH_GROUP_ID"] = nil
            process.environment = environment
            let stdoutURL = directory.appendingPathComponent("\(name).stdout")
            stderrURL = directory.appendingPathComponent("\(name).stderr")
            FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            try process.run()
        }

        var stderrTail: String {
            let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            return String(text.suffix(3_000))
        }

        /// Sends `signal` to this child only and waits for it to exit; nil if it did not in time
        /// (it is then killed, by its own pid).
        func stop(signal: Int32, within seconds: Double) -> Int32? {
            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    @Test func sigtermCommitsExactlyTheSafeOffsetsAndASecondRunLosesNothing() throws {
        let executable = try #require(Self.executable, "the driftwatch executable was not found next to the tests")
        let cluster = E2ECluster.shared
        let brokers = cluster.bootstrapServers
        let windowSize = 5_000
        let group = E2ECluster.unique("group")
        let predictions = E2ECluster.unique("predictions")
        let topicNames = ["alerts", "retrain", "reports", "dead", "summaries", "state"].map { E2ECluster.unique($0) }
        try cluster.createTopic(predictions, partitions: 2)
        for t in topicNames { try cluster.createTopic(t, partitions: 1) }
        // What users read (the internal summaries and state topics are checked through them).
        let outputs = Array(topicNames[0..<4])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(E2ECluster.unique("shutdown"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = Self.root.appendingPathComponent("pipelines/references/fraud-detector.json").path
        let configPath = directory.appendingPathComponent("pipeline.yaml").path
        try """
            kafka:
              brokers: \(brokers)
              group_id: \(group)
              properties:
                fetch.wait.max.ms: 20
                session.timeout.ms: 6000
                heartbeat.interval.ms: 200
            topics:
              predictions: \(predictions)
              alerts: \(outputs[0])
              retrain: \(outputs[1])
              reports: \(outputs[2])
              dead_letter: \(topicNames[3])
              summaries: \(topicNames[4])
              state: \(topicNames[5])
            window:
              size: \(windowSize)
              min_events: 1000
            models:
              fraud-detector:
                reference: \(reference)
            alerts:
              cooldown: 0s
            retrain:
              cooldown: 0s
            http:
              enabled: false

            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        // The child's configuration, loaded as the child loads it, drives the replay side.
        let config = try CommandSupport.loadConfig(path: configPath, brokers: brokers)
        let context = try CommandSupport.loadContext(config: config)

        // Event i goes to partition i % 2.
        // Drift in model window 2 (events 10,000-14,999), which closes within phase 1.
        let traffic = SyntheticTraffic(seed: 21, driftAt: 10_000)
        var input: [Int32: [[UInt8]]] = [0: [], 1: []]
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers), logger: E2ECluster.logger) { _ in }
        func produce(_ range: Range<Int>) throws {
            for i in range {
                let p = Int32(i % 2), e = Delivery.event(traffic, at: i)
                input[p]!.append(e)
                try producer.send(KafkaProducerMessage(topic: predictions, partition: p, key: traffic.key(at: i), value: e))
            }
            try producer.flush(timeout: .seconds(30))
        }

        // Phase 1: 24,000 events, 12,000 per partition: sub-windows of 5,000 / 2 = 2,500 events;
        // [0, 10000) close, [10000, 12000) stays open in each partition.
        try produce(0..<24_000)
        let first = try Delivery.replay(context: context, input: input)
        #expect(first.safe == [0: 10_000, 1: 10_000])
        #expect(first.messages.contains { $0.topic == outputs[0] }, "the first phase raises alerts")

        let probe = try Delivery.Probe(brokers: brokers, group: group)
        let run1 = try Child(executable: executable, config: configPath, brokers: brokers, directory: directory, name: "run1")
        // Progress: every output of the closed windows is on the output topics.
        let published = try Delivery.wait(seconds: 60) {
            let total = try outputs.reduce(Int64(0)) { $0 + (try probe.highWatermarks(topic: $1, partitions: 1)[0] ?? 0) }
            return total >= Int64(first.messages.count) || !run1.process.isRunning
        }
        #expect(published && run1.process.isRunning, "run 1 did not publish the closed windows' outputs: \(run1.stderrTail)")
        let status1 = run1.stop(signal: SIGTERM, within: 30)
        #expect(status1 == 0, "SIGTERM: exit status \(String(describing: status1)); \(run1.stderrTail)")
        #expect(run1.stderrTail.contains("pipeline.stopped"), "\(run1.stderrTail)")
        try Self.expectSaneMemoryLine(run1)
        // Exactly the safe offsets: the first offset of each open window, not the position.
        let committed1 = try probe.committed(topic: predictions, partitions: 2)
        #expect(committed1 == first.safe, "committed \(committed1), safe \(first.safe)")
        let after1 = Set(try Delivery.outputs(brokers: brokers, topics: outputs).map(Delivery.id))
        #expect(first.ids.isSubset(of: after1), "missing after run 1: \(first.ids.subtracting(after1).sorted().prefix(5))")

        // Phase 2: 20,000 more (22,000 per partition); a second run of the same group picks up at
        // the committed offsets and rebuilds the open windows. Stopped by SIGINT.
        try produce(24_000..<44_000)
        let full = try Delivery.replay(context: context, input: input)
        #expect(full.safe == [0: 20_000, 1: 20_000])
        let run2 = try Child(executable: executable, config: configPath, brokers: brokers, directory: directory, name: "run2")
        let caughtUp = try Delivery.wait(seconds: 60) {
            try probe.committed(topic: predictions, partitions: 2) == full.safe
                || !run2.process.isRunning
        }
        #expect(caughtUp && run2.process.isRunning, "run 2 did not commit \(full.safe): \(run2.stderrTail)")
        let status2 = run2.stop(signal: SIGINT, within: 30)
        #expect(status2 == 0, "SIGINT: exit status \(String(describing: status2)); \(run2.stderrTail)")
        let committed2 = try probe.committed(topic: predictions, partitions: 2)
        #expect(committed2 == full.safe, "committed \(committed2), safe \(full.safe)")

        // Nothing missing, nothing foreign; duplicates (re-published windows) are allowed.
        let all = try Delivery.outputs(brokers: brokers, topics: outputs)
        let ids = Set(all.map(Delivery.id))
        #expect(ids == full.ids, "missing \(full.ids.subtracting(ids).sorted().prefix(5)), extra \(ids.subtracting(full.ids).sorted().prefix(5))")
        #expect(all.count >= full.messages.count)
        try producer.close(timeout: .seconds(10))
    }

    /// The `pipeline.memory` line (issue 11) of a stopped run: measured numbers, in MiB, that fit
    /// together — start-up below the peak, heap and references present, open windows counted.
    static func expectSaneMemoryLine(_ child: Child) throws {
        let text = try String(contentsOf: child.stderrURL, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").last { $0.contains("\"pipeline.memory\"") }, "no pipeline.memory line")
        guard case .object(let fields)? = try? JSONValue.parse(String(line)) else { Issue.record("not JSON: \(line)"); return }
        func mib(_ key: String) -> Double { Double(fields["memory.\(key).mib"]?.stringValue ?? "") ?? -1 }
        #expect(mib("startup_rss") > 1 && mib("startup_rss") <= mib("peak_rss"), "\(line)")
        #expect(mib("rss") > 0 && mib("rss") <= mib("peak_rss") && mib("peak_rss") < 4_096, "\(line)")
        #expect(mib("rss_anon") + mib("rss_file") <= mib("rss") + 0.2, "\(line)")
        #expect(mib("heap_in_use") > 0.5 && mib("heap_in_use") >= mib("rss_heap_in_use"), "\(line)")
        // The fraud-detector reference: its samples and fine bins, well under the heap.
        #expect(mib("references") > 0 && mib("references") < mib("heap_in_use"), "\(line)")
        // 2,000 events per partition were in open windows when SIGTERM came.
        #expect(mib("windows") > 0 && mib("windows") < mib("heap_in_use"), "\(line)")
        #expect(mib("fetch_queue") >= 0 && mib("performance_windows") >= 0 && mib("label_joins") == 0, "\(line)")
        #expect((Int(fields["memory.samples"]?.stringValue ?? "") ?? 0) >= 1, "\(line)")
    }
}
