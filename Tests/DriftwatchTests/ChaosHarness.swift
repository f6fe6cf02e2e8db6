import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing
@testable import driftwatch

/// The world of one chaos scenario (SPEC section 7): 4 partitions shared by 2 models, 40,000
/// synthetic events produced up front, what `replay` publishes for them (the expectation), a
/// probe on the group and the topics, and `driftwatch run` children to start. The brokers are
/// the tests' in-process mock cluster, or `driftwatch mock-cluster` in its own process when the
/// scenario freezes them. `verify` checks the topics against replay and prints one line per phase.
final class ChaosHarness {
    static let partitions: Int32 = 4
    static let events = 40_000

    let executable: URL
    let external: ExternalMockCluster?
    let brokers: String
    let group = E2ECluster.unique("group")
    let predictions = E2ECluster.unique("predictions")
    /// alerts, retrain, reports, dead letters, summaries, state.
    let names = ["alerts", "retrain", "reports", "dead", "summaries", "state"].map { E2ECluster.unique($0) }
    /// What users read; the internal summaries and state topics are checked through them.
    var outputs: [String] { Array(names[0..<4]) }
    let directory: URL
    let configPath: String
    let config: DriftwatchConfig
    let input: [Int32: [[UInt8]]]
    let replay: (messages: [OutputMessage], ids: Set<String>, safe: [Int32: Int64])
    /// Replay's message of each id, parsed (copies are compared after JSON parsing).
    let expected: [String: JSONValue]
    /// Model windows replay reports (the model stage's share of the work).
    let modelWindows: Int
    let safeTotal: Int64
    /// Renewed by `renewProbe` after partition leaders move (its metadata would keep asking the
    /// old leader, which answers NOT_LEADER_FOR_PARTITION for ever on the 2.0.2 mock).
    private(set) var probe: Delivery.Probe
    let seed: UInt64

    /// Where the brokers run.
    enum Cluster {
        /// The tests' shared in-process mock cluster (`E2ECluster`).
        case shared
        /// `driftwatch mock-cluster` in its own process, which the scenario may freeze.
        case separateProcess
        /// An in-process mock cluster of the scenario's own (for errors that must not leak).
        case inProcess(MockCluster)
    }

    /// The in-process cluster, when there is one (error injection, leaders).
    let mock: MockCluster?

    /// `prepare` runs on an in-process cluster once the topics exist, before the input is produced
    /// (partition leaders for error injection).
    /// `properties`: extra librdkafka properties for the workers (e.g. a short `message.timeout.ms`).
    init(name: String, seed: UInt64, cluster: Cluster, properties: [String: String] = [:],
         prepare: ((_ mock: MockCluster, _ predictions: String, _ names: [String]) throws -> Void)? = nil) throws {
        self.seed = seed
        executable = try #require(GracefulShutdownTests.executable, "the driftwatch executable was not found next to the tests")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(E2ECluster.unique("chaos-\(name)"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch cluster {
        case .separateProcess:
            let topics = [(name: predictions, partitions: Int(Self.partitions))] + names.map { (name: $0, partitions: 1) }
            let process = try ExternalMockCluster(executable: executable, topics: topics, directory: directory)
            (external, mock, brokers) = (process, nil, process.bootstrapServers)
        case .shared, .inProcess:
            let m = if case .inProcess(let own) = cluster { own } else { E2ECluster.shared }
            (external, mock, brokers) = (nil, m, m.bootstrapServers)
            try m.createTopic(predictions, partitions: Int(Self.partitions))
            for t in names { try m.createTopic(t, partitions: 1) }
            try prepare?(m, predictions, names)
        }
        configPath = directory.appendingPathComponent("pipeline.yaml").path
        try Self.writeConfig(to: configPath, brokers: brokers, group: group, predictions: predictions, names: names,
                             referenceB: try ChaosKillTests.buildSecondReference(in: directory), properties: properties)
        config = try CommandSupport.loadConfig(path: configPath, brokers: brokers)

        // The whole input first: event i (keyed by its id) to partition i % 4; drift half-way.
        let traffic = SyntheticTraffic(seed: 43, driftAt: Self.events / 2)
        var mix = SplitMix64(seed: seed, stream: 1)
        var input: [Int32: [[UInt8]]] = [0: [], 1: [], 2: [], 3: []]
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers), logger: E2ECluster.logger) { _ in }
        for i in 0..<Self.events {
            let p = Int32(i % Int(Self.partitions)), e = ChaosKillTests.event(traffic, at: i, mix: &mix)
            input[p]!.append(e)
            try producer.send(KafkaProducerMessage(topic: predictions, partition: p, key: traffic.key(at: i), value: e))
        }
        try producer.flush(timeout: .seconds(30))
        try producer.close(timeout: .seconds(10))
        self.input = input

        replay = try Delivery.replay(context: try CommandSupport.loadContext(config: config), input: input)
        var expected: [String: JSONValue] = [:]
        for m in replay.messages { expected[Delivery.id(m.value)] = try JSONValue.parse(m.value) }
        self.expected = expected
        #expect(expected.count == replay.messages.count, "replay publishes \(replay.messages.count) messages under \(expected.count) ids")
        let reports = names[2]
        modelWindows = replay.messages.filter { $0.topic == reports && expected[Delivery.id($0.value)]?["window"]?["partition"] == .null }.count
        safeTotal = replay.safe.values.reduce(0, +)
        probe = try Delivery.Probe(brokers: brokers, group: group)
    }

    deinit {
        // DRIFTWATCH_CHAOS_KEEP=1 keeps the runs' logs (printed path) for a post-mortem.
        if ProcessInfo.processInfo.environment["DRIFTWATCH_CHAOS_KEEP"] != nil {
            print("chaos: logs in \(directory.path)")
        } else {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Model windows of 2,000 events, sub-windows of 500 per partition; cooldowns of a few
    /// seconds of event time (1 ms per event) hold some alerts back, so a lost cooldown shows.
    static func writeConfig(to path: String, brokers: String, group: String, predictions: String, names: [String],
                            referenceB: String, properties: [String: String] = [:]) throws {
        let referenceA = GracefulShutdownTests.root.appendingPathComponent("pipelines/references/fraud-detector.json").path
        try """
            kafka:
              brokers: \(brokers)
              group_id: \(group)
              properties:
                fetch.wait.max.ms: 20
                session.timeout.ms: 6000
                heartbeat.interval.ms: 200
            \(properties.keys.sorted().map { "    \($0): \(properties[$0]!)\n" }.joined())topics:
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
              \(ChaosKillTests.secondModel):
                reference: \(referenceB)
            alerts:
              cooldown: 5s
            retrain:
              cooldown: 10s
            http:
              enabled: false

            """.write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: Watching

    func renewProbe() throws { probe = try Delivery.Probe(brokers: brokers, group: group) }

    func committedTotal() throws -> Int64 {
        try probe.committed(topic: predictions, partitions: Self.partitions).values.reduce(0) { $0 + max($1, 0) }
    }

    /// The model stage's committed offset on the summaries topic (0 before its first commit).
    func summariesCommitted() throws -> Int64 { max(try probe.committed(topic: names[4], partitions: 1)[0] ?? 0, 0) }

    /// Commits of both consumers: the partition stage's on the predictions and the model
    /// stage's on the summaries. Either one moving is progress.
    func commitProgress() throws -> Int64 { try committedTotal() + summariesCommitted() }

    /// Nothing is left to publish or commit: every replay output is on the topics, the
    /// predictions are committed to the safe offsets and the summaries to their end.
    func finished() throws -> Bool {
        try outputTotal() >= Int64(replay.messages.count) && committedTotal() >= safeTotal
            && summariesCommitted() >= (probe.highWatermarks(topic: names[4], partitions: 1)[0] ?? 0)
    }

    func outputTotal() throws -> Int64 {
        try outputs.reduce(Int64(0)) { $0 + (try probe.highWatermarks(topic: $1, partitions: 1)[0] ?? 0) }
    }

    func stateTotal() throws -> Int64 { try probe.highWatermarks(topic: names[5], partitions: 1)[0] ?? 0 }

    func worker(_ name: String) throws -> GracefulShutdownTests.Child {
        try GracefulShutdownTests.Child(executable: executable, config: configPath, brokers: brokers, directory: directory, name: name)
    }

    static func stderr(_ child: GracefulShutdownTests.Child) -> String {
        (try? String(contentsOf: child.stderrURL, encoding: .utf8)) ?? ""
    }

    /// Polls `condition` every 20 ms for up to `seconds`; false on timeout or when one of
    /// `children` exits.
    func wait(seconds: Double, while children: [GracefulShutdownTests.Child], until condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            if children.contains(where: { !$0.process.isRunning }) { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Where the model stage stands: its committed summaries offset and its state records.
    func modelStageLine() throws -> String {
        let summaries = try probe.committed(topic: names[4], partitions: 1)[0] ?? -1
        return "summaries committed at \(summaries), \(try stateRecords().count) state records"
    }

    func stateRecords() throws -> [ModelState] {
        try TopicReader.readAll(brokers: brokers, topic: names[5], partitions: 1, expected: Int(try stateTotal()),
                                idle: .seconds(2), logger: E2ECluster.logger)
            .compactMap { $0.value.flatMap { try? ModelState(jsonBytes: $0) } }
    }

    /// The models whose state `child` restored (its log line).
    static func restoredLine(_ child: GracefulShutdownTests.Child) -> String {
        guard let line = stderr(child).split(separator: "\n").first(where: { $0.contains("pipeline.model_state.restored") }),
              let models = line.range(of: "models=") else { return ", restored nothing" }
        return ", restored models " + line[models.upperBound...].prefix { $0 != "]" } + "]"
    }

    /// Each output topic's high watermark now: where a phase ends.
    func endOffsets() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for t in outputs { result[t] = try probe.highWatermarks(topic: t, partitions: 1)[0] ?? 0 }
        return result
    }

    /// Every message of `topic` (one partition) with its offset, read until the high watermark.
    func read(_ topic: String) throws -> [KafkaMessage] {
        let high = try probe.highWatermarks(topic: topic, partitions: 1)[0] ?? 0
        guard high > 0 else { return [] }
        return try TopicReader.readAll(brokers: brokers, topic: topic, partitions: 1, expected: Int(high),
                                       idle: .seconds(5), logger: E2ECluster.logger)
    }
}
