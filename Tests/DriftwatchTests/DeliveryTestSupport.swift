import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing

/// Helpers for the delivery tests (graceful shutdown, rebalance): unlabelled synthetic traffic,
/// deterministic output ids, what replay publishes per partition, committed offsets on the broker.
enum Delivery {
    /// Synthetic events without inline labels: no performance window holds commits back, so the
    /// safe offset of a partition is the first offset of its open feature window.
    static func event(_ traffic: SyntheticTraffic, at i: Int) -> [UInt8] {
        var text = String(decoding: traffic.event(at: i), as: UTF8.self)
        for l in [#","label":0"#, #","label":1"#] { text = text.replacingOccurrences(of: l, with: "") }
        return Array(text.utf8)
    }

    /// The deterministic identity of an output message (SPEC section 6): `alert_id`, `trigger_id`,
    /// and for window reports (which carry no id field) kind, stage, model and window offsets.
    /// The window `index` is left out on purpose: it restarts at 0 after a restart (README).
    static func id(_ value: [UInt8]) -> String {
        guard let v = try? JSONValue.parse(value) else { return "unparsable:\(String(decoding: value, as: UTF8.self))" }
        if let id = v["alert_id"]?.stringValue { return id }
        if let id = v["trigger_id"]?.stringValue { return id }
        let w = v["window"]
        if w?["partition"] == .null, let index = w?["index"]?.doubleValue {
            // A model window (merged over partitions): its index is its identity.
            return [v["kind"]?.stringValue ?? "?", v["stage"]?.stringValue ?? "-", v["model_id"]?.stringValue ?? "?",
                    "\(w?["topic"]?.stringValue ?? "?"):model-\(Int(index))"].joined(separator: "/")
        }
        let window = [w?["topic"]?.stringValue ?? "?",
                      w?["partition"]?.doubleValue.map { "\(Int($0))" } ?? "?",
                      w?["start_offset"]?.doubleValue.map { "\(Int($0))" } ?? "?",
                      w?["end_offset"]?.doubleValue.map { "\(Int($0))" } ?? "?"].joined(separator: ":")
        return [v["kind"]?.stringValue ?? "?", v["stage"]?.stringValue ?? "-", v["model_id"]?.stringValue ?? "?", window]
            .joined(separator: "/")
    }

    /// What the replay pipeline (the `PipelineDriver` `driftwatch replay` uses, fed each partition
    /// with offsets from 0) publishes for `input`, and the safe offset of each partition after it.
    static func replay(context: PipelineContext, input: [Int32: [[UInt8]]]) throws
        -> (messages: [OutputMessage], ids: Set<String>, safe: [Int32: Int64])
    {
        let acks = AckQueue()
        let recording = RecordingSink(acks: acks)
        // As `run` over a topic of input.count partitions: sub-windows of size / N, both stages.
        let context = context.partitioned(input.count)
        let driver = PipelineDriver(
            context: context, sink: recording, acks: acks, modelStage: ModelStageDriver(context: context, sink: recording))
        for (partition, events) in input.sorted(by: { $0.key < $1.key }) {
            for (offset, bytes) in events.enumerated() {
                try bytes.withUnsafeBytes { value in
                    try driver.process(source: .predictions, partition: partition, offset: Int64(offset),
                                       timestampMs: nil, key: nil, value: value)
                }
            }
        }
        try driver.applyAcknowledgements()
        var safe: [Int32: Int64] = [:]
        for p in input.keys { safe[p] = driver.safeOffsets(partition: p).predictions }
        let published = recording.messages.filter { !$0.payload.isInternal }
        return (published, Set(published.map { id($0.value) }), safe)
    }

    /// One client for watching a group and topics while a test waits (a new client per look
    /// would load the mock cluster with hundreds of connections). Never joins the group.
    final class Probe {
        let consumer: KafkaConsumer
        init(brokers: String, group: String) throws {
            var config = KafkaConsumerConfiguration(bootstrapServers: brokers, groupID: group)
            config.properties = ["session.timeout.ms": "6000"]
            consumer = try KafkaConsumer.make(configuration: config, logger: E2ECluster.logger)
        }
        deinit { try? consumer.close() }

        /// The group's committed offsets on the broker (OffsetFetch).
        func committed(topic: String, partitions: Int32) throws -> [Int32: Int64] {
            let offsets = try consumer.committed((0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) })
            var result: [Int32: Int64] = [:]
            for o in offsets { result[o.partition] = o.offset }
            return result
        }

        /// High watermarks of `topic`'s partitions. Retriable errors (a leader that just moved,
        /// brokers thawing after a freeze) are retried for up to 10 s.
        func highWatermarks(topic: String, partitions: Int32) throws -> [Int32: Int64] {
            var result: [Int32: Int64] = [:]
            for p in 0..<partitions {
                let deadline = Date().addingTimeInterval(10)
                while true {
                    do {
                        result[p] = try consumer.watermarks(topic: topic, partition: p).high
                        break
                    } catch let error as KafkaError where error.isRetriable && Date() < deadline {
                        Thread.sleep(forTimeInterval: 0.2)
                    }
                }
            }
            return result
        }
    }

    static func committed(brokers: String, group: String, topic: String, partitions: Int32) throws -> [Int32: Int64] {
        try Probe(brokers: brokers, group: group).committed(topic: topic, partitions: partitions)
    }

    static func highWatermarks(brokers: String, topic: String, partitions: Int32) throws -> [Int32: Int64] {
        try Probe(brokers: brokers, group: E2ECluster.unique("wm")).highWatermarks(topic: topic, partitions: partitions)
    }

    /// Every message on the output topics (one partition each), read from the beginning.
    static func outputs(brokers: String, topics: [String]) throws -> [[UInt8]] {
        var all: [[UInt8]] = []
        for topic in topics {
            let got = try TopicReader.readAll(brokers: brokers, topic: topic, partitions: 1, idle: .seconds(2),
                                              logger: E2ECluster.logger)
            all += got.map { $0.value ?? [] }
        }
        return all
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    static func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try condition()
    }
}
