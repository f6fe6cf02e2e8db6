import DriftwatchCore
import DriftwatchKafka
import DriftwatchSynthetic
@testable import DriftwatchRuntime
import Foundation
import Testing

/// Issue 9's acceptance test over the mock cluster: one model's drift over 8 partitions consumed
/// by 2 workers of one group is ONE feature-drift alert and ONE retrain trigger, and `run`
/// publishes exactly the alerts and triggers `replay --partitions 8` writes, ids and payloads.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ModelStageKafkaTests {
    @Test func eightPartitionsTwoWorkersOneDecisionPerModelWindowAsReplay() throws {
        let partitions: Int32 = 8
        var config = try E2ECluster.config(windowSize: 5_000, minEvents: 1_000)
        config.alerts.cooldownSeconds = 3_600
        config.retrain.cooldownSeconds = 21_600
        config.topics.predictions = E2ECluster.unique("predictions")
        try E2ECluster.shared.createTopic(config.topics.predictions, partitions: Int(partitions))
        let topic = config.topics.predictions
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])

        // 40,000 unlabelled events, drift from event 20,000; event i to partition i % 8.
        let traffic = SyntheticTraffic(seed: 5, driftAt: 20_000)
        var input: [Int32: [[UInt8]]] = [:]
        for i in 0..<40_000 { input[Int32(i % Int(partitions)), default: []].append(Delivery.event(traffic, at: i)) }
        let replay = try Delivery.replay(context: context, input: input)
        let expected = replay.messages.filter { $0.topic == config.topics.alerts || $0.topic == config.topics.retrain }
        let featureDrift = expected.filter { String(decoding: $0.value, as: UTF8.self).contains(#""type":"feature_drift""#) }
        #expect(featureDrift.count == 1, "replay: one feature-drift alert for the one drift")
        #expect(expected.filter { $0.topic == config.topics.retrain }.count == 1, "replay: one retrain trigger")

        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: config.kafka.brokers), logger: E2ECluster.logger) { _ in }
        for i in 0..<40_000 {
            let p = Int32(i % Int(partitions))
            try producer.send(KafkaProducerMessage(topic: topic, partition: p, key: traffic.key(at: i), value: input[p]![i / Int(partitions)]))
        }
        try producer.close(timeout: .seconds(30))

        // Two workers of one group share the partitions; one of them owns the model's decisions.
        let a = RunningWorker(context: context, options: E2ECluster.options(config))
        let b = RunningWorker(context: context, options: E2ECluster.options(config))
        defer { a.stop(); b.stop() }
        let expectedByID = Dictionary(uniqueKeysWithValues: expected.map { (Delivery.id($0.value), $0.value) })
        var published: [[UInt8]] = []
        let complete = try Delivery.wait(seconds: 90) {
            published = try Delivery.outputs(brokers: config.kafka.brokers, topics: [config.topics.alerts, config.topics.retrain])
            return Set(published.map(Delivery.id)).isSuperset(of: expectedByID.keys)
        }
        #expect(complete, "run published \(published.count) of \(expected.count) alerts and triggers")
        #expect(a.status.counters.consumed > 0 && b.status.counters.consumed > 0, "both workers took partitions")
        for value in published {
            let id = Delivery.id(value)
            guard let want = expectedByID[id] else {
                Issue.record("run published \(id), which replay does not")
                continue
            }
            #expect(try JSONValue.parse(value) == JSONValue.parse(want), "\(id) differs from replay's")
        }
        let runFeatureDrift = Set(published.map(Delivery.id).filter { $0.hasSuffix(":feature_drift") })
        #expect(runFeatureDrift.count == 1, "\(runFeatureDrift)")
    }
}
