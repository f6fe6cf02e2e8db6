import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
import DriftwatchTestSupport
@testable import DriftwatchRuntime
import Foundation
import Logging
import Synchronization
import Testing

/// One mock cluster for the end-to-end tests (3 brokers, real Kafka protocol over loopback TCP).
enum E2ECluster {
    static let fixture = MockClusterFixture(label: "driftwatch.e2e", brokers: 3, logLevel: .error)
    static var logger: Logger { fixture.logger }
    static var shared: MockCluster { fixture.cluster }
    static func unique(_ prefix: String) -> String { fixture.unique(prefix) }

    /// A configuration whose topics are unique to one test, created on the cluster.
    static func config(windowSize: Int, minEvents: Int, leader: Int32 = 1, outputLeader: Int32 = 1) throws -> DriftwatchConfig {
        var config = ReplayHarness.config(windowSize: windowSize, minEvents: minEvents, cooldownSeconds: 0)
        config.kafka.brokers = shared.bootstrapServers
        config.kafka.groupID = unique("group")
        config.topics.predictions = unique("predictions")
        config.topics.alerts = unique("alerts")
        config.topics.retrain = unique("retrain")
        config.topics.reports = unique("reports")
        config.topics.deadLetter = unique("dead")
        config.topics.summaries = unique("summaries")
        config.topics.state = unique("state")
        // The model stage's topics live with the input (broker `leader`): one test takes the
        // outputs' broker down, and restoring state must not wait for it.
        for t in [config.topics.summaries, config.topics.state] {
            try shared.createTopic(t, partitions: 1)
            try shared.setPartitionLeader(topic: t, partition: 0, broker: leader)
        }
        try shared.createTopic(config.topics.predictions, partitions: 1)
        try shared.setPartitionLeader(topic: config.topics.predictions, partition: 0, broker: leader)
        for t in [config.topics.alerts, config.topics.retrain, config.topics.reports!, config.topics.deadLetter] {
            try shared.createTopic(t, partitions: 1)
            try shared.setPartitionLeader(topic: t, partition: 0, broker: outputLeader)
        }
        return config
    }

    /// Produces `messages` (nil: a null value) to partition 0 of `topic`, in order, and waits.
    static func produce(_ messages: [[UInt8]?], topic: String) throws {
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: shared.bootstrapServers), logger: logger) { _ in }
        for (i, m) in messages.enumerated() {
            let key = Array("k\(i)".utf8)
            try producer.send(KafkaProducerMessage(topic: topic, partition: 0, key: key, value: m))
        }
        try producer.close(timeout: .seconds(30))
    }

    static func options(_ config: DriftwatchConfig) -> Worker.Options {
        var options = Worker.Options(brokers: config.kafka.brokers, groupID: config.kafka.groupID)
        options.properties = ["fetch.wait.max.ms": "20", "session.timeout.ms": "6000", "heartbeat.interval.ms": "200"]
        options.commitIntervalMs = 50
        return options
    }
}

/// A worker running on its own thread until `stop()`.
final class RunningWorker: Sendable {
    let worker: Worker
    let stopFlag = StopFlag()
    let finished = Mutex<Bool>(false)
    let failure = Mutex<String?>(nil)

    init(context: PipelineContext, options: Worker.Options, logger: Logger = E2ECluster.logger) {
        worker = Worker(context: context, options: options, logger: logger)
        Thread.detachNewThread { [self] in
            do { try worker.run(stop: stopFlag) } catch { failure.withLock { $0 = "\(error)" } }
            finished.withLock { $0 = true }
        }
    }

    var status: WorkerStatus.Snapshot { worker.status.snapshot }

    /// Waits until `condition` holds (or `seconds` pass); returns whether it did.
    @discardableResult
    func wait(seconds: Double = 30, until condition: (WorkerStatus.Snapshot) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(status) { return true }
            if finished.withLock({ $0 }) { return condition(status) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func stop() {
        stopFlag.stop()
        let deadline = Date().addingTimeInterval(60)
        while !finished.withLock({ $0 }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }
}

/// Records what the pipeline publishes, acknowledging at once (the replay side of a comparison).
final class RecordingSink: OutputSink {
    let acks: AckQueue
    var messages: [OutputMessage] = []
    init(acks: AckQueue) { self.acks = acks }
    func write(_ message: OutputMessage) throws {
        messages.append(message)
        acks.acknowledged(message.token)
    }
    func flush(timeoutMs: Int) throws {}
}

@Suite(.serialized, .timeLimit(.minutes(2))) struct KafkaEndToEndTests {
    /// Good events with poison mixed in: truncated JSON, wrong types, missing fields, invalid
    /// UTF-8, an empty message and huge ones (one bad, one good).
    static func stream(count: Int, driftAt: Int) -> (messages: [[UInt8]], bad: Set<Int>) {
        let traffic = SyntheticTraffic(seed: 5, driftAt: driftAt)
        var messages: [[UInt8]] = []
        var bad: Set<Int> = []
        var goodEvent = traffic.event(at: 0)
        let poison: [[UInt8]] = [
            Array(goodEvent.prefix(100)),                                                // truncated
            Array(#"{"event_id":"x","model_id":"fraud-detector","features":{"amount":1},"prediction":1,"score":"high"}"#.utf8),
            Array(#"{"event_id":"x","features":{},"prediction":1}"#.utf8),                // missing model_id
            Array(#"{"event_id":"x","model_id":"fraud-detector","features":{"a":"\#u{FF}"},"prediction":1}"#.utf8) + [0xFF, 0xFE],
            [],                                                                          // empty
            Array(#"{"event_id":"huge","junk":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 300_000) + Array(#""}"#.utf8),
            [0xC3, 0x28, 0x7B],                                                          // invalid UTF-8
            Array(#"[1,2,3]"#.utf8),
        ]
        var p = 0
        for i in 0..<count {
            if i % 700 == 350, p < poison.count {
                bad.insert(messages.count)
                messages.append(poison[p])
                p += 1
            }
            messages.append(traffic.event(at: i))
        }
        // A huge but valid event: a 200 KB unknown field is skipped.
        goodEvent = Array(#"{"blob":""#.utf8) + Array(repeating: UInt8(ascii: "y"), count: 200_000) + Array(#"","#.utf8)
            + traffic.event(at: count).dropFirst()
        messages.append(goodEvent)
        return (messages, bad)
    }

    @Test func runPublishesExactlyWhatReplayWritesAndDeadLettersPoison() throws {
        let config = try E2ECluster.config(windowSize: 1_000, minEvents: 500)
        let topics = config.topics
        let (messages, bad) = Self.stream(count: 5_500, driftAt: 2_500)
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])

        // Replay side: the same bytes as lines.
        let acks = AckQueue()
        let recording = RecordingSink(acks: acks)
        let driver = PipelineDriver.replaying(context: context, sink: recording, acks: acks)
        var jsonl: [UInt8] = []
        for m in messages { jsonl += m + [UInt8(ascii: "\n")] }
        let replayCounters = try Replay.run(driver: driver, events: jsonl, labels: nil, options: .init(flush: false))
        #expect(replayCounters.deadLettered == bad.count)
        #expect(replayCounters.events == messages.count - bad.count)

        // Run side.
        try E2ECluster.produce(messages, topic: topics.predictions)
        let running = RunningWorker(context: context, options: E2ECluster.options(config))
        #expect(running.wait(seconds: 40) { $0.counters.consumed == messages.count })
        // Once every closed window is acknowledged, the commit reaches exactly the safe offset the
        // replay computed: the first offset of the open windows (feature or performance).
        let safe = try #require(driver.safeOffsets(partition: 0).predictions)
        #expect(safe > 0)
        #expect(running.wait(seconds: 20) { $0.committed[KafkaTopicPartition(topic: topics.predictions, partition: 0)] == safe },
                "committed \(running.status.committed), replay's safe offset \(safe)")
        running.stop()
        #expect(running.failure.withLock { $0 } == nil)
        let counters = running.status.counters
        #expect(counters.events == replayCounters.events)
        #expect(counters.deadLettered == bad.count)
        #expect(counters.windowsClosed == replayCounters.windowsClosed)

        for topic in [topics.alerts, topics.retrain, topics.reports!, topics.deadLetter] {
            let expected = recording.messages.filter { $0.topic == topic }
            let got = try TopicReader.readAll(
                brokers: config.kafka.brokers, topic: topic, partitions: 1, expected: expected.count,
                idle: .seconds(3), logger: E2ECluster.logger)
            #expect(got.count == expected.count, "\(topic)")
            // The model stage's outputs interleave with the partition stage's on the reports
            // topic at the pace summaries come back: compare as sets of identical messages.
            let gotSorted = got.sorted { ($0.value ?? []).lexicographicallyPrecedes($1.value ?? []) }
            let expectedSorted = expected.sorted { $0.value.lexicographicallyPrecedes($1.value) }
            for (g, e) in zip(gotSorted, expectedSorted) {
                #expect(g.value ?? [] == e.value, "\(topic): \(g.valueString ?? "")")
                if topic != topics.deadLetter {  // a dead letter keeps its source key; replay lines have none
                    #expect(g.keyString == e.key.map { String(decoding: $0, as: UTF8.self) })
                }
                for h in e.headers { #expect(g.header(h.name)?.value == h.value, "\(topic) header \(h.name)") }
            }
        }
        #expect(recording.messages.contains { $0.topic == topics.alerts })
        #expect(recording.messages.contains { $0.topic == topics.retrain })

        // Each bad message is dead-lettered with its offset; none of the good ones is.
        let dead = recording.messages.filter { $0.topic == topics.deadLetter }
        let offsets = Set(dead.compactMap { m in m.headers.first { $0.name == "source.offset" }.map { Int(String(decoding: $0.value, as: UTF8.self))! } })
        #expect(offsets == bad)
        #expect(dead.allSatisfy { m in m.headers.contains { $0.name == "error" && !$0.value.isEmpty } })
        #expect(dead.allSatisfy { m in m.headers.contains { $0.name == "source.topic" && $0.value == Array(topics.predictions.utf8) } })
    }

    @Test func llmAndVersionRulesPublishWhatReplayWrites() throws {
        // The LLM application's traffic with every incident from event 2,000 (issue 12 rules).
        var config = try E2ECluster.config(windowSize: 2_000, minEvents: 200)
        config.models = [SyntheticLLMTraffic.modelID: DriftwatchConfig.Model(reference: "in-memory")]
        config.alerts.llmDailyBudgetUSD = 40
        config.llmPricing = ["gpt-4o-mini": .init(inputPerMillion: 0.15, outputPerMillion: 0.60),
                             "gpt-4o": .init(inputPerMillion: 2.50, outputPerMillion: 10.00)]
        let traffic = SyntheticLLMTraffic(seed: 11, incidents: Set(SyntheticLLMTraffic.Incident.allCases), incidentAt: 2_000)
        let messages = (0..<10_000).map { traffic.event(at: $0) }
        let reference = SyntheticLLMTraffic.reference(seed: 1_011, count: 6_000)
        let context = PipelineContext(config: config, references: [SyntheticLLMTraffic.modelID: reference])
        let (expected, got) = try Self.alertsOfReplayAndRun(context: context, messages: messages)
        let types = expected.compactMap { try? JSONValue.parse($0)["type"]?.stringValue }
        for type in ["llm_budget", "llm_quality", "version_regression"] { #expect(types.contains(type), "\(types)") }
        let same = got == expected  // compared first: a failing #expect would print every byte
        #expect(same, "the alerts replay writes, in order: \(expected.count) expected, \(got.count) published")
    }

    /// Issue 12's per-feature data quality and adaptive thresholds through Kafka: 10,000 events
    /// with `amount` ×1.08 (under the fixed PSI warning, above its adaptive one), then 10,000 with
    /// `amount` null in every 10th event. `run` publishes the alerts `replay` writes, in order:
    /// `feature_drift` on `amount` for the first two model windows, `data_quality` for the last two.
    @Test func dataQualityAndAdaptiveRulesPublishWhatReplayWrites() throws {
        typealias H = ReplayHarness
        var config = try E2ECluster.config(windowSize: 5_000, minEvents: 1_000)
        var adaptive = DriftwatchConfig.Feature()
        adaptive.thresholdMode = .adaptive
        config.models[H.model]?.features["amount"] = adaptive
        let shifted = H.events(count: 10_000) { _, e in
            H.edit(&e) { H.scaleFeature("amount", by: ReplayAdaptiveThresholdsTests.factor, in: &$0) }
        }
        let nulls = H.events(count: 10_000, start: 10_000) { i, e in
            guard i % 10 == 0 else { return }
            H.edit(&e) { ReplayDataQualityTests.setFeature("amount", .null, in: &$0) }
        }
        let jsonl = shifted + nulls
        let reference = ModelReference(ReplayAdaptiveThresholdsTests.profile.prepared())
        let context = PipelineContext(config: config, references: [H.model: reference])
        let messages = Replay.lines(jsonl).map { Array(jsonl[$0]) }
        let (expected, got) = try Self.alertsOfReplayAndRun(context: context, messages: messages)
        let decided = expected.compactMap { value -> String? in
            let v = try? JSONValue.parse(value)
            return v.map { "\($0["type"]?.stringValue ?? "?")@\(Int($0["window"]?["index"]?.doubleValue ?? -1))" }
        }
        #expect(decided.contains("feature_drift@0") && decided.contains("feature_drift@1"), "\(decided)")
        #expect(decided.contains("data_quality@2") && decided.contains("data_quality@3"), "\(decided)")
        #expect(!decided.contains("data_quality@0") && !decided.contains("data_quality@1"), "\(decided)")
        let same = got == expected  // compared first: a failing #expect would print every byte
        #expect(same, "the alerts replay writes, in order: \(expected.count) expected, \(got.count) published")
    }

    /// `replay` of `messages` through `context`, then `run` over the same messages on the mock
    /// cluster: the alerts each published, in order (the model stage's alerts included).
    static func alertsOfReplayAndRun(context: PipelineContext, messages: [[UInt8]]) throws -> (expected: [[UInt8]], got: [[UInt8]]) {
        let config = context.config
        let acks = AckQueue()
        let recording = RecordingSink(acks: acks)
        var jsonl: [UInt8] = []
        for m in messages { jsonl += m + [UInt8(ascii: "\n")] }
        _ = try Replay.run(driver: PipelineDriver.replaying(context: context, sink: recording, acks: acks),
                           events: jsonl, labels: nil, options: .init(flush: false))
        let expected = recording.messages.filter { $0.topic == config.topics.alerts }.map(\.value)
        try E2ECluster.produce(messages, topic: config.topics.predictions)
        let running = RunningWorker(context: context, options: E2ECluster.options(config))
        #expect(running.wait(seconds: 40) { $0.counters.consumed == messages.count && $0.modelStage.alerts >= expected.count })
        running.stop()
        #expect(running.failure.withLock { $0 } == nil)
        let got = try TopicReader.readAll(brokers: config.kafka.brokers, topic: config.topics.alerts, partitions: 1,
                                          expected: expected.count, idle: .seconds(3), logger: E2ECluster.logger)
        return (expected, got.map { $0.value ?? [] })
    }

    @Test func committedOffsetsNeverPassUnacknowledgedWindows() throws {
        // Outputs live on broker 3, input and the group coordinator on broker 1.
        let config = try E2ECluster.config(windowSize: 1_000, minEvents: 500, leader: 1, outputLeader: 3)
        try E2ECluster.shared.setGroupCoordinator(group: config.kafka.groupID, broker: 1)
        let topic = config.topics.predictions
        let synthetic = SyntheticTraffic(seed: 9, driftAt: 1_000)
        // Without inline labels no performance window holds offsets: only feature windows matter.
        struct Unlabelled {
            let traffic: SyntheticTraffic
            func event(at i: Int) -> [UInt8] {
                var text = String(decoding: traffic.event(at: i), as: UTF8.self)
                for l in [#","label":0"#, #","label":1"#] { text = text.replacingOccurrences(of: l, with: "") }
                return Array(text.utf8)
            }
        }
        let traffic = Unlabelled(traffic: synthetic)
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])
        // What replay says may be committed after these 2,500 events.
        let acks = AckQueue()
        let driver = PipelineDriver.replaying(context: context, sink: RecordingSink(acks: acks), acks: acks)
        var jsonl: [UInt8] = []
        for i in 0..<2_500 { jsonl += traffic.event(at: i) + [UInt8(ascii: "\n")] }
        _ = try Replay.run(driver: driver, events: jsonl, labels: nil, options: .init(flush: false))
        let safe = try #require(driver.safeOffsets(partition: 0).predictions)
        #expect(safe == 2_000)

        try E2ECluster.produce((0..<500).map { traffic.event(at: $0) }, topic: topic)
        let running = RunningWorker(context: context, options: E2ECluster.options(config))
        defer { running.stop() }
        #expect(running.wait(seconds: 40) { $0.counters.consumed == 500 })

        try E2ECluster.shared.setBrokerDown(3)
        try E2ECluster.produce((500..<2_500).map { traffic.event(at: $0) }, topic: topic)
        #expect(running.wait { $0.counters.consumed == 2_500 })
        #expect(running.status.counters.windowsClosed == 2)
        // Windows 0-999 and 1000-1999 are closed but their outputs cannot be delivered.
        Thread.sleep(forTimeInterval: 1.0)
        let held = running.status.committed[KafkaTopicPartition(topic: topic, partition: 0)] ?? 0
        #expect(held == 0, "committed \(held) while window 0's outputs are unacknowledged")

        try E2ECluster.shared.setBrokerUp(3)
        // Delivered now: the commit moves to the first offset of the open windows, and no further.
        #expect(running.wait(seconds: 30) { $0.committed[KafkaTopicPartition(topic: topic, partition: 0)] == safe })
        Thread.sleep(forTimeInterval: 0.3)
        #expect(running.status.committed[KafkaTopicPartition(topic: topic, partition: 0)] == safe)
        running.stop()

        // The group's committed offset on the broker agrees.
        var reader = KafkaConsumerConfiguration(bootstrapServers: config.kafka.brokers, groupID: config.kafka.groupID)
        reader.properties = ["session.timeout.ms": "6000"]
        let consumer = try KafkaConsumer.make(configuration: reader, logger: E2ECluster.logger)
        defer { try? consumer.close() }
        let committed = try consumer.committed([KafkaTopicPartition(topic: topic, partition: 0)])
        #expect(committed.first?.offset == safe)
    }

    @Test func twoLanesPublishWhatOneLanePublishes() throws {
        // Three partitions: lanes split them 0,2 | 1; every partition's outputs must not change.
        let traffic = SyntheticTraffic(seed: 11, driftAt: 3_000)
        let predictions = E2ECluster.unique("predictions")
        try E2ECluster.shared.createTopic(predictions, partitions: 3)
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: E2ECluster.shared.bootstrapServers),
            logger: E2ECluster.logger) { _ in }
        for i in 0..<6_000 {
            try producer.send(KafkaProducerMessage(topic: predictions, partition: Int32(i % 3), key: traffic.key(at: i), value: traffic.event(at: i)))
        }
        try producer.close(timeout: .seconds(30))

        var outputs: [[String: [[UInt8]]]] = []
        for lanes in [1, 2] {
            var config = try E2ECluster.config(windowSize: 500, minEvents: 250)
            config.topics.predictions = predictions
            let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])
            var options = E2ECluster.options(config)
            options.lanes = lanes
            let running = RunningWorker(context: context, options: options)
            // Every event consumed and every window summary back through the model stage.
            #expect(running.wait(seconds: 60) { $0.counters.consumed == 6_000 && $0.modelStage.summaries >= $0.counters.summaries })
            running.stop()
            let counters = running.status.counters
            let model = running.status.modelStage
            #expect(model.modelWindows > 0)
            var byTopic: [String: [[UInt8]]] = [:]
            for (name, topic) in [("alerts", config.topics.alerts), ("retrain", config.topics.retrain), ("reports", config.topics.reports!)] {
                let expected = name == "alerts" ? model.alerts : name == "retrain" ? model.triggers : counters.reports + model.modelWindows
                let got = try TopicReader.readAll(brokers: config.kafka.brokers, topic: topic, partitions: 1,
                                                  expected: expected, idle: .seconds(3), logger: E2ECluster.logger)
                byTopic[name] = got.map { $0.value ?? [] }.sorted { $0.lexicographicallyPrecedes($1) }
            }
            outputs.append(byTopic)
        }
        // 3 stages per partition window, the performance windows, and one report per model window.
        #expect((outputs[0]["reports"]?.count ?? 0) > 36)
        #expect(outputs[0]["alerts"]?.isEmpty == false)
        #expect(outputs[0] == outputs[1])
    }

    @Test func delayedLabelsFromTheLabelsTopicJoinAsInReplay() throws {
        var config = try E2ECluster.config(windowSize: 500, minEvents: 250)
        let labelsTopic = E2ECluster.unique("labels")
        try E2ECluster.shared.createTopic(labelsTopic, partitions: 1)
        config.topics.labels = labelsTopic
        // Clean traffic; labels split out of the events, a third of them flipped after event 2,000.
        let split = ReplayHarness.splitLabels(ReplayHarness.events(seed: 13, count: 4_000)) { $0 >= 2_000 && $0 % 3 == 0 }
        let events = Replay.lines(split.events).map { Array(split.events[$0]) }
        let labels = Replay.lines(split.labels).map { Array(split.labels[$0]) }
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])

        let acks = AckQueue()
        let recording = RecordingSink(acks: acks)
        let driver = PipelineDriver.replaying(context: context, sink: recording, acks: acks)
        let replayed = try Replay.run(driver: driver, events: split.events, labels: split.labels, options: .init(flush: false))
        #expect(replayed.performanceWindowsClosed == labels.count / 500)

        // Predictions first; their labels once the worker has seen them (labels are delayed).
        try E2ECluster.produce(events, topic: config.topics.predictions)
        let running = RunningWorker(context: context, options: E2ECluster.options(config))
        defer { running.stop() }
        #expect(running.wait(seconds: 40) { $0.counters.consumed == events.count })
        try E2ECluster.produce(labels, topic: labelsTopic)
        #expect(running.wait(seconds: 30) { $0.counters.consumed == events.count + labels.count })
        #expect(running.wait(seconds: 10) { $0.counters.performanceWindowsClosed == replayed.performanceWindowsClosed })
        // And every performance summary back through the model stage, which decides on them.
        #expect(running.wait(seconds: 20) { $0.modelStage.summaries >= $0.counters.summaries })
        running.stop()
        #expect(running.status.counters.labels == labels.count)

        // Delayed-label performance is reported per partition window and per model performance
        // window (README "Delayed labels: the rule"). The model stage runs beside the partition
        // stage, so the two kinds interleave on the topic in another order than replay's: compare
        // the copies, not their order.
        for (topic, kind) in [(config.topics.reports!, "performance_report")] {
            func wanted(_ value: [UInt8]) -> Bool {
                let text = String(decoding: value, as: UTF8.self)
                return text.contains(#""kind":"\#(kind)""#) || text.contains(#""type":"\#(kind)""#)
            }
            let expected = recording.messages.filter { $0.topic == topic && wanted($0.value) }.map(\.value)
            let all = try TopicReader.readAll(brokers: config.kafka.brokers, topic: topic, partitions: 1,
                                              idle: .seconds(2), logger: E2ECluster.logger)
            let got = all.compactMap(\.value).filter(wanted)
            #expect(!expected.isEmpty, "\(kind)")
            #expect(got.count == expected.count, "\(kind)")
            let sameCopies = got.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(sameCopies, "\(kind): \(got.count) copies on the topic, \(expected.count) from replay")
        }
    }
}
