import DriftwatchCore
import DriftwatchKafka
import DriftwatchSynthetic
import DriftwatchTestSupport
import Foundation
import Testing

/// Poison outputs (issue 10, SPEC section 7): an output the brokers refuse for good is neither
/// retried forever nor lost. On a mock cluster of its own, broker 3 leads only the alerts topic
/// and answers every Produce with TOPIC_AUTHORIZATION_FAILED (an error stack on that broker):
/// every alert goes to the dead-letter topic with its error and ids in headers, and the commits
/// still reach replay's safe offsets. When broker 3 leads the dead-letter topic too, the worker
/// stops with one sentence without committing past the alert, and a restart (leaders moved off
/// broker 3) republishes everything.
@Suite(.serialized, .timeLimit(.minutes(4))) struct PoisonOutputTests {
    /// Not the shared cluster: the 2.0.2 mock cannot clear a broker's error stack.
    static let fixture = MockClusterFixture(label: "driftwatch.poison", brokers: 3, logLevel: .error)
    static let poisonedBroker: Int32 = 3

    /// Every partition led by broker 1 or 2, except `refusing` (led by broker 3).
    static func lead(_ mock: MockCluster, predictions: String, names: [String], refusing: [String]) throws {
        for p in 0..<ChaosHarness.partitions { try mock.setPartitionLeader(topic: predictions, partition: p, broker: 1 + p % 2) }
        for t in names { try mock.setPartitionLeader(topic: t, partition: 0, broker: refusing.contains(t) ? poisonedBroker : 2) }
    }

    @Test func alertsRefusedForGoodGoToTheDeadLetterTopicWithTheirError() throws {
        let h = try ChaosHarness(name: "poison", seed: ChaosKillTests.seed, cluster: .inProcess(Self.fixture.cluster)) { mock, predictions, names in
            try Self.lead(mock, predictions: predictions, names: names, refusing: [names[0]])
        }
        let (alerts, dead) = (h.names[0], h.names[3])
        let alertIDs = Set(h.replay.messages.filter { $0.topic == alerts }.map { Delivery.id($0.value) })
        #expect(!alertIDs.isEmpty, "replay raises alerts")
        try Self.fixture.cluster.pushRequestErrors(broker: Self.poisonedBroker, .produce, Array(repeating: .topicAuthorizationFailed, count: 300))

        let worker = try h.worker("run1")
        let phase = try h.finish("run1", workers: [worker])
        let outcome = try h.verify("poison alerts", phases: [phase])
        #expect(outcome.byTopic[alerts]!.isEmpty, "the refused topic holds \(outcome.byTopic[alerts]!.count) messages")

        // Each alert is on the dead-letter topic, once per publication, naming its error and ids.
        var deadIDs: Set<String> = []
        for m in outcome.byTopic[dead]! {
            let id = Delivery.id(m.value ?? [])
            deadIDs.insert(id)
            let header = { (k: String) in m.header(k)?.value.map { String(decoding: $0, as: UTF8.self) } }
            #expect(header("error")?.contains("TOPIC_AUTHORIZATION_FAILED") == true, "error header: \(String(describing: header("error")))")
            #expect(header("output.topic") == alerts)
            #expect(header("output.id") == id)
            #expect(header("source.topic") == h.predictions)
        }
        #expect(deadIDs == alertIDs, "dead letters \(deadIDs.count), replay alerts \(alertIDs.count)")
        #expect(ChaosHarness.stderr(worker).contains("pipeline.output.dead_lettered"))
        print("chaos: poison alerts: \(alertIDs.count) alerts refused with TOPIC_AUTHORIZATION_FAILED, \(outcome.byTopic[dead]!.count) dead letters")
    }

    @Test func aDeadLetterRefusedTooStopsTheWorkerWithoutCommittingPastIt() throws {
        let h = try ChaosHarness(name: "poison-stop", seed: ChaosKillTests.seed, cluster: .inProcess(Self.fixture.cluster)) { mock, predictions, names in
            try Self.lead(mock, predictions: predictions, names: names, refusing: [names[0], names[3]])
        }
        let (alerts, dead) = (h.names[0], h.names[3])
        try Self.fixture.cluster.pushRequestErrors(broker: Self.poisonedBroker, .produce, Array(repeating: .topicAuthorizationFailed, count: 300))

        let worker = try h.worker("run1")
        let stopped = try Delivery.wait(seconds: 90) { !worker.process.isRunning }
        #expect(stopped, "the worker kept running: \(worker.stderrTail)")
        _ = worker.stop(signal: SIGKILL, within: 5)  // only if it still runs
        #expect(worker.process.terminationStatus != 0)
        let sentence = ChaosHarness.stderr(worker).split(separator: "\n").filter { $0.contains("stopping without committing past it") }
        #expect(!sentence.isEmpty, "no one-sentence reason: \(worker.stderrTail)")
        // The alerts come from the model stage: their summaries must stay uncommitted.
        let summariesCommitted = try h.probe.committed(topic: h.names[4], partitions: 1)[0] ?? -1
        let summariesEnd = try h.probe.highWatermarks(topic: h.names[4], partitions: 1)[0] ?? 0
        let stop = ChaosPhase(name: "run1", note: "stopped itself \(try h.progress()), summaries committed at \(summariesCommitted) of \(summariesEnd): \(sentence.last.map { String($0.suffix(300)) } ?? "-")",
                              endOffsets: try h.endOffsets(), modelStage: try h.modelStageLine())
        #expect(summariesCommitted < summariesEnd, "summaries committed at \(summariesCommitted) of \(summariesEnd) although an alert was never delivered")

        // Leaders moved off broker 3: the next run rebuilds the alerts from the uncommitted input.
        for t in [alerts, dead] { try Self.fixture.cluster.setPartitionLeader(topic: t, partition: 0, broker: 1) }
        try h.renewProbe()
        let restarted = try h.worker("run2")
        let last = try h.finish("run2", workers: [restarted])
        let outcome = try h.verify("poison stop", phases: [stop, last])
        #expect(outcome.byTopic[dead]!.isEmpty)
    }
}
