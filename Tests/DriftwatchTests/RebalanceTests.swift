import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Synchronization
import Testing

/// Two workers in one group (SPEC section 7: partitions spread over instances): B joins while A
/// is working, A leaves gracefully, B owns everything; nothing is lost and the final commits are
/// exactly the safe offsets.
@Suite(.serialized, .timeLimit(.minutes(2))) struct RebalanceTests {
    @Test func secondWorkerJoinsAndFirstLeavesMidStreamWithoutLosingAnything() throws {
        let cluster = E2ECluster.shared
        let windowSize = 1_000
        let partitions: Int32 = 4
        let rounds = 30, perRound = 1_000  // 7,500 events per partition in the end
        var config = try E2ECluster.config(windowSize: windowSize, minEvents: 500)
        config.topics.predictions = E2ECluster.unique("predictions")
        try cluster.createTopic(config.topics.predictions, partitions: Int(partitions))
        let topic = config.topics.predictions
        let brokers = config.kafka.brokers
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])
        let traffic = SyntheticTraffic(seed: 31, driftAt: 12_000)

        var input: [Int32: [[UInt8]]] = [:]
        for i in 0..<(rounds * perRound) { input[Int32(i % Int(partitions)), default: []].append(Delivery.event(traffic, at: i)) }
        let replay = try Delivery.replay(context: context, input: input)
        // Sub-windows of 1,000 / 4 = 250 events: 7,500 per partition closes every window.
        let subWindow = context.partitioned(Int(partitions)).partitionWindow.size
        #expect(subWindow == 250)
        #expect(replay.safe == [0: 7_500, 1: 7_500, 2: 7_500, 3: 7_500])
        #expect(replay.messages.contains { $0.topic == config.topics.alerts })

        // The producer paces itself (one round of 1,000 events per 100 ms) and waits at gates,
        // so every partition stays far below the mock's 5 MiB (about 1.3 MB lz4 in all here).
        final class Pace: Sendable {
            let gate = Atomic<Int>(0)   // rounds the producer may send
            let sent = Atomic<Int>(0)   // rounds sent
            let failure = Mutex<String?>(nil)
        }
        let pace = Pace()
        let snapshot = input
        Thread.detachNewThread {
            do {
                let producer = try KafkaProducer.make(
                    configuration: KafkaProducerConfiguration(bootstrapServers: brokers), logger: E2ECluster.logger) { _ in }
                for round in 0..<rounds {
                    let deadline = Date().addingTimeInterval(60)
                    while pace.gate.load(ordering: .acquiring) <= round && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                    for i in (round * perRound)..<((round + 1) * perRound) {
                        let p = Int32(i % Int(partitions))
                        try producer.send(KafkaProducerMessage(
                            topic: topic, partition: p, key: traffic.key(at: i), value: snapshot[p]![i / Int(partitions)]))
                    }
                    try producer.flush(timeout: .seconds(30))
                    pace.sent.store(round + 1, ordering: .releasing)
                    Thread.sleep(forTimeInterval: 0.1)
                }
                try producer.close(timeout: .seconds(30))
            } catch {
                pace.failure.withLock { $0 = "\(error)" }
            }
        }
        func waitSent(_ n: Int) -> Bool { Delivery.wait(seconds: 60) { pace.sent.load(ordering: .acquiring) >= n } }

        // A alone for the first 10 rounds.
        let a = RunningWorker(context: context, options: E2ECluster.options(config))
        pace.gate.store(10, ordering: .releasing)
        #expect(waitSent(10))
        #expect(a.wait(seconds: 40) { $0.counters.consumed >= 8_000 }, "A: \(a.status.counters)")
        #expect(a.status.assigned.filter { $0.topic == topic }.count == Int(partitions))

        // B joins while rounds 10..<20 are produced; both must end up owning partitions.
        let b = RunningWorker(context: context, options: E2ECluster.options(config))
        pace.gate.store(20, ordering: .releasing)
        let shared = b.wait(seconds: 30) { s in
            s.assigned.contains { $0.topic == topic } && a.status.assigned.filter { $0.topic == topic }.count < Int(partitions)
        }
        #expect(shared, "after B joined: A \(a.status.assigned), B \(b.status.assigned)")
        #expect(waitSent(20))
        #expect(b.wait(seconds: 30) { $0.counters.consumed > 0 })

        // A leaves gracefully while the rest is produced; B takes every partition.
        pace.gate.store(rounds, ordering: .releasing)
        a.stop()
        #expect(a.failure.withLock { $0 } == nil)
        #expect(b.wait(seconds: 30) { $0.assigned.filter { $0.topic == topic }.count == Int(partitions) }, "B: \(b.status.assigned)")
        #expect(waitSent(rounds))
        #expect(pace.failure.withLock { $0 } == nil)

        // B commits up to the open windows of every partition, no further.
        let high = try Delivery.highWatermarks(brokers: brokers, topic: topic, partitions: partitions)
        #expect(high == [0: 7_500, 1: 7_500, 2: 7_500, 3: 7_500])
        let reached = b.wait(seconds: 40) { s in
            (0..<partitions).allSatisfy { s.committed[KafkaTopicPartition(topic: topic, partition: $0)] == replay.safe[$0] }
        }
        #expect(reached, "B committed \(b.status.committed), safe \(replay.safe)")
        // The model stage caught up: every model window replay closes is on the output topics.
        let outputTopics = [config.topics.alerts, config.topics.retrain, config.topics.reports!, config.topics.deadLetter]
        let caughtUp = try Delivery.wait(seconds: 40) {
            replay.ids.isSubset(of: Set(try Delivery.outputs(brokers: brokers, topics: outputTopics).map(Delivery.id)))
        }
        #expect(caughtUp, "B: \(b.status.modelStage)")
        b.stop()
        #expect(b.failure.withLock { $0 } == nil)

        let committed = try Delivery.committed(brokers: brokers, group: config.kafka.groupID, topic: topic, partitions: partitions)
        #expect(committed == replay.safe, "committed on the broker \(committed), safe \(replay.safe)")
        for p in 0..<partitions {
            // High watermark minus what remains in the open sub-window (none at 7,500).
            #expect(committed[p] == high[p]! - Int64(high[p]! % Int64(subWindow)))
        }

        let all = try Delivery.outputs(brokers: brokers, topics: outputTopics)
        let ids = Set(all.map(Delivery.id))
        #expect(ids == replay.ids, "missing \(replay.ids.subtracting(ids).sorted().prefix(5)), extra \(ids.subtracting(replay.ids).sorted().prefix(5))")
        #expect(all.count >= replay.messages.count)
    }
}
