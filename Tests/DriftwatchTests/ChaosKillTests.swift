import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing
@testable import driftwatch

/// Chaos (issue 10 item 4, SPEC section 7): `driftwatch run` killed with SIGKILL at three seeded
/// points mid-stream and restarted in the same group, 4 partitions shared by 2 models. Whatever
/// the kills interrupt, the topics must end up holding every message replay publishes for the
/// same input, each copy equal to replay's after JSON parsing, and the commits must end at
/// replay's safe offsets. Duplicates are allowed (at least once) and printed.
///
/// `DRIFTWATCH_CHAOS_SEED=<n>` replays another set of kill points and model mix.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ChaosKillTests {
    static let partitions: Int32 = 4
    static let events = 40_000
    static let secondModel = "fraud-detector-b"

    /// The test's seeded randomness: which events belong to the second model, where the kills land.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["DRIFTWATCH_CHAOS_SEED"].flatMap { UInt64($0) } ?? 20_261_203
    }

    @Test func killNineAtThreeSeededPointsLosesNothingAndRepublishesIdentically() throws {
        let executable = try #require(GracefulShutdownTests.executable, "the driftwatch executable was not found next to the tests")
        let cluster = E2ECluster.shared
        let brokers = cluster.bootstrapServers
        let group = E2ECluster.unique("group")
        let predictions = E2ECluster.unique("predictions")
        let names = ["alerts", "retrain", "reports", "dead", "summaries", "state"].map { E2ECluster.unique($0) }
        try cluster.createTopic(predictions, partitions: Int(Self.partitions))
        for t in names { try cluster.createTopic(t, partitions: 1) }
        // What users read; the internal summaries and state topics are checked through them.
        let outputs = Array(names[0..<4])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(E2ECluster.unique("chaos"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // DRIFTWATCH_CHAOS_KEEP=1 keeps the runs' logs (printed path) for a post-mortem.
        let keep = ProcessInfo.processInfo.environment["DRIFTWATCH_CHAOS_KEEP"] != nil
        defer { if keep { print("chaos: logs in \(directory.path)") } else { try? FileManager.default.removeItem(at: directory) } }
        let referenceA = GracefulShutdownTests.root.appendingPathComponent("pipelines/references/fraud-detector.json").path
        let referenceB = try Self.buildSecondReference(in: directory)
        let configPath = directory.appendingPathComponent("pipeline.yaml").path
        // Model windows of 2,000 events, sub-windows of 500 per partition; cooldowns of a few
        // seconds of event time (1 ms per event) hold some alerts back, so a lost cooldown shows.
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
              alerts: \(names[0])
              retrain: \(names[1])
              reports: \(names[2])
              dead_letter: \(names[3])
              summaries: \(names[4])
              state: \(names[5])
            window:
              size: 2000
              min_events: 500
            models:
              fraud-detector:
                reference: \(referenceA)
              \(Self.secondModel):
                reference: \(referenceB)
            alerts:
              cooldown: 5s
            retrain:
              cooldown: 10s
            http:
              enabled: false

            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try CommandSupport.loadConfig(path: configPath, brokers: brokers)
        let context = try CommandSupport.loadContext(config: config)

        // The whole input first: event i (keyed by its id) to partition i % 4; drift half-way.
        let seed = Self.seed
        let traffic = SyntheticTraffic(seed: 43, driftAt: Self.events / 2)
        var mix = SplitMix64(seed: seed, stream: 1)
        var input: [Int32: [[UInt8]]] = [0: [], 1: [], 2: [], 3: []]
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers), logger: E2ECluster.logger) { _ in }
        for i in 0..<Self.events {
            let p = Int32(i % Int(Self.partitions)), e = Self.event(traffic, at: i, mix: &mix)
            input[p]!.append(e)
            try producer.send(KafkaProducerMessage(topic: predictions, partition: p, key: traffic.key(at: i), value: e))
        }
        try producer.flush(timeout: .seconds(30))
        try producer.close(timeout: .seconds(10))

        let replay = try Delivery.replay(context: context, input: input)
        var expected: [String: JSONValue] = [:]
        for m in replay.messages { expected[Delivery.id(m.value)] = try JSONValue.parse(m.value) }
        #expect(expected.count == replay.messages.count, "replay publishes \(replay.messages.count) messages under \(expected.count) ids")
        for model in [SyntheticTraffic.modelID, Self.secondModel] {
            #expect(replay.messages.contains { $0.topic == outputs[0] && expected[Delivery.id($0.value)]?["model_id"]?.stringValue == model }, "replay raises alerts for \(model)")
        }
        #expect(replay.messages.contains { $0.topic == outputs[1] }, "replay publishes a retrain trigger")
        // The cooldowns hold alerts back in this input, so a next owner that forgot them would differ.
        var uncooled = config
        uncooled.alerts.cooldownSeconds = 0
        let withoutCooldown = try Delivery.replay(context: try CommandSupport.loadContext(config: uncooled), input: input)
        #expect(withoutCooldown.messages.filter { $0.topic == outputs[0] }.count > replay.messages.filter { $0.topic == outputs[0] }.count)
        let safeTotal = replay.safe.values.reduce(0, +)

        // Three seeded kill points. A run races through what is already produced (a few seconds)
        // and commits in jumps of whole sub-windows (both models' sub-windows must close); the
        // model stage mostly runs behind the predictions backlog. Kills 1 and 2 hit the
        // partition stage: a seeded share of the outputs still to come, once the run has
        // committed something of its own (so the next run resumes from commit metadata). Kill 3
        // hits the model stage: a seeded share of the model windows still to come, counted by
        // the state records this run wrote (so the next run restores model state).
        var rng = SplitMix64(seed: seed, stream: 2)
        let shares = (0..<3).map { _ in rng.uniform(0.15, 0.6) }
        let modelWindows = replay.messages.filter { $0.topic == outputs[2] && expected[Delivery.id($0.value)]?["window"]?["partition"] == .null }.count
        print("chaos: seed \(seed), \(Self.events) events, replay \(replay.messages.count) messages (\(modelWindows) model windows), safe \(replay.safe.sorted { $0.key < $1.key }.map(\.value)), kills after \(shares.map { String(format: "%.2f", $0) }) of the outputs, outputs, model windows to come")

        let probe = try Delivery.Probe(brokers: brokers, group: group)
        func committedTotal() throws -> Int64 {
            try probe.committed(topic: predictions, partitions: Self.partitions).values.reduce(0) { $0 + max($1, 0) }
        }
        func outputTotal() throws -> Int64 {
            try outputs.reduce(Int64(0)) { $0 + (try probe.highWatermarks(topic: $1, partitions: 1)[0] ?? 0) }
        }
        func stateTotal() throws -> Int64 { try probe.highWatermarks(topic: names[5], partitions: 1)[0] ?? 0 }
        func stderr(_ child: GracefulShutdownTests.Child) -> String {
            (try? String(contentsOf: child.stderrURL, encoding: .utf8)) ?? ""
        }
        /// Where the model stage stands: its committed summaries offset and its state records.
        func modelStageLine() throws -> String {
            let summaries = try probe.committed(topic: names[4], partitions: 1)[0] ?? -1
            let states = try TopicReader.readAll(brokers: brokers, topic: names[5], partitions: 1,
                                                 expected: Int(try probe.highWatermarks(topic: names[5], partitions: 1)[0] ?? 0),
                                                 idle: .seconds(2), logger: E2ECluster.logger)
            let decoded = states.compactMap { $0.value.flatMap { try? ModelState(jsonBytes: $0) } }
            return "summaries committed at \(summaries), \(states.count) state records (\(decoded.count) decodable)"
        }
        /// The models whose state `child` restored (its log line).
        func restoredLine(_ child: GracefulShutdownTests.Child) -> String {
            guard let line = stderr(child).split(separator: "\n").first(where: { $0.contains("pipeline.model_state.restored") }),
                  let models = line.range(of: "models=") else { return ", restored nothing" }
            return ", restored models " + line[models.upperBound...].prefix { $0 != "]" } + "]"
        }
        /// Watches `child` (its assignment, its first output) until `condition` holds or 60 s pass.
        func watch(_ child: GracefulShutdownTests.Child, _ record: inout RunRecord, since: Date, kill: Date?,
                   outputsAtKill: Int64, until condition: (RunRecord) throws -> Bool) throws -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if record.assignedAfter == nil, stderr(child).contains("pipeline.rebalance.assigned") {
                    record.assignedAfter = Date().timeIntervalSince(since)
                }
                if let kill, record.firstOutputAfter == nil, try outputTotal() > outputsAtKill {
                    record.firstOutputAfter = Date().timeIntervalSince(kill)
                }
                if try condition(record) || !child.process.isRunning { return child.process.isRunning }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }

        var records: [RunRecord] = []
        var lastKill: Date? = nil
        var outputsAtKill: Int64 = 0
        for (k, share) in shares.enumerated() {
            var record = RunRecord(name: "run\(k + 1)")
            let started = Date(), startCommitted = try committedTotal(), startStates = try stateTotal()
            let threshold = outputsAtKill + max(1, Int64(share * Double(max(Int64(replay.messages.count) - outputsAtKill, 1))))
            let stateThreshold = startStates + Int64((share * Double(max(Int64(modelWindows) - startStates, 0))).rounded(.up))
            let child = try GracefulShutdownTests.Child(
                executable: executable, config: configPath, brokers: brokers, directory: directory, name: record.name)
            let reached = try watch(child, &record, since: lastKill ?? started, kill: lastKill, outputsAtKill: outputsAtKill) { r in
                if k == 2 {
                    guard r.assignedAfter != nil else { return false }
                    return try stateTotal() >= stateThreshold
                }
                return try outputTotal() >= threshold && (startCommitted == safeTotal || (try committedTotal()) > startCommitted)
            }
            #expect(reached, "\(record.name) did not reach its kill point: \(child.stderrTail)")
            record.killedAtProgress = Double(try committedTotal()) / Double(safeTotal)
            let status = child.stop(signal: SIGKILL, within: 10)
            #expect(status == SIGKILL && child.process.terminationReason == .uncaughtSignal, "\(record.name): \(String(describing: status))")
            lastKill = Date()
            outputsAtKill = try outputTotal()
            for t in outputs { record.endOffsets[t] = try probe.highWatermarks(topic: t, partitions: 1)[0] ?? 0 }
            record.modelStage = try modelStageLine() + restoredLine(child)
            records.append(record)
        }

        // The final run: until every partition is committed at replay's safe offset and every
        // replay id is on the output topics; then SIGTERM.
        var last = RunRecord(name: "run4")
        let final = try GracefulShutdownTests.Child(
            executable: executable, config: configPath, brokers: brokers, directory: directory, name: last.name)
        let committedSafe = try watch(final, &last, since: lastKill!, kill: lastKill, outputsAtKill: outputsAtKill) { record in
            guard record.assignedAfter != nil else { return false }
            return try probe.committed(topic: predictions, partitions: Self.partitions) == replay.safe
        }
        let committedFinal = try probe.committed(topic: predictions, partitions: Self.partitions)
        #expect(committedSafe && final.process.isRunning,
                "the final run did not commit \(replay.safe): \(committedFinal); \(final.stderrTail)")
        let everyID = try Delivery.wait(seconds: 45) {
            let seen = Set(try outputs.flatMap { try Self.read($0, brokers: brokers, probe: probe) }.map { Delivery.id($0.value) })
            return replay.ids.isSubset(of: seen) || !final.process.isRunning
        }
        #expect(everyID, "the final run did not republish every replay id")
        let status = final.stop(signal: SIGTERM, within: 40)
        #expect(status == 0, "SIGTERM: exit status \(String(describing: status)); \(final.stderrTail)")
        for t in outputs { last.endOffsets[t] = try probe.highWatermarks(topic: t, partitions: 1)[0] ?? 0 }
        last.modelStage = try modelStageLine() + restoredLine(final)
        records.append(last)
        let committed = try probe.committed(topic: predictions, partitions: Self.partitions)
        #expect(committed == replay.safe, "committed \(committed), safe \(replay.safe)")

        // Every copy on the topics against replay's message of the same id.
        var seen: [String: Int] = [:]
        var foreign: [String] = [], different: [String] = []
        var lines: [String] = []
        var runStart: [String: Int64] = Dictionary(uniqueKeysWithValues: outputs.map { ($0, 0) })
        var messagesByTopic: [String: [(offset: Int64, value: [UInt8])]] = [:]
        for t in outputs { messagesByTopic[t] = try Self.read(t, brokers: brokers, probe: probe) }
        for record in records {
            var count = 0, duplicates = 0, new = 0
            for t in outputs {
                for m in messagesByTopic[t]! where m.offset >= runStart[t]! && m.offset < record.endOffsets[t]! {
                    count += 1
                    let id = Delivery.id(m.value)
                    if seen[id, default: 0] > 0 { duplicates += 1 } else { new += 1 }
                    seen[id, default: 0] += 1
                    guard let want = expected[id] else { foreign.append(id); continue }
                    if (try? JSONValue.parse(m.value)) != want {
                        different.append("\(id) at \(t)@\(m.offset): \(String(decoding: m.value, as: UTF8.self).prefix(400))")
                    }
                }
                runStart[t] = record.endOffsets[t]!
            }
            let progress = record.killedAtProgress.map { String(format: "killed at %.3f of the safe offsets", $0) } ?? "stopped by SIGTERM"
            let assigned = record.assignedAfter.map { String(format: "%.1f s", $0) } ?? "-"
            let firstOutput = record.firstOutputAfter.map { String(format: "%.1f s", $0) } ?? "-"
            lines.append("chaos: \(record.name): \(count) messages, \(new) new ids, \(duplicates) duplicates, \(progress), assigned after \(assigned), first output \(firstOutput) after the previous kill; \(record.modelStage)")
        }
        let total = messagesByTopic.values.reduce(0) { $0 + $1.count }
        lines.append("chaos: total: \(replay.ids.count) replay ids, \(seen.count) ids on the topics, \(total) messages, \(total - seen.count) duplicates, \(different.count) differing copies, \(foreign.count) foreign")
        for line in lines { print(line) }

        // The model stage's state survived: records for both models, the summaries committed
        // past the windows they describe (else every restart rebuilds every model window).
        let summariesCommitted = try probe.committed(topic: names[4], partitions: 1)[0] ?? -1
        let states = try TopicReader.readAll(brokers: brokers, topic: names[5], partitions: 1,
                                             expected: Int(try probe.highWatermarks(topic: names[5], partitions: 1)[0] ?? 0),
                                             idle: .seconds(2), logger: E2ECluster.logger)
            .compactMap { $0.value.flatMap { try? ModelState(jsonBytes: $0) } }
        #expect(Set(states.map(\.modelID)) == [SyntheticTraffic.modelID, Self.secondModel], "state records: \(states.map(\.modelID))")
        #expect(summariesCommitted > 0, "summaries committed at \(summariesCommitted)")

        let missing = replay.ids.subtracting(seen.keys)
        #expect(missing.isEmpty, "missing \(missing.count): \(missing.sorted().prefix(5))")
        #expect(foreign.isEmpty, "not published by replay: \(foreign.prefix(5))")
        #expect(different.isEmpty, "differs from replay's copy: \(different.prefix(3))")
    }
}
