import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// Graceful shutdown of `WorkerService`, in process: the trigger of `testGracefulShutdown`
/// stands in for SIGTERM reaching the `ServiceGroup`. (`GracefulShutdownTests` keeps the one
/// end-to-end check with a real signal to a child process.)
@Suite(.serialized, .timeLimit(.minutes(2))) struct WorkerServiceShutdownTests {
    @Test func gracefulShutdownDrainsCommitsTheSafeOffsetAndLeavesTheGroup() async throws {
        let config = try E2ECluster.config(windowSize: 1_000, minEvents: 500)
        let topic = config.topics.predictions
        let traffic = SyntheticTraffic(seed: 11, driftAt: 1_500)
        let messages: [[UInt8]?] = (0..<3_400).map { traffic.event(at: $0) }
        try E2ECluster.produce(messages, topic: topic)
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])
        let expected = try Delivery.replay(context: context, input: [0: messages.map { $0! }])
        let worker = Worker(context: context, options: E2ECluster.options(config), logger: E2ECluster.logger)

        try await testGracefulShutdown { trigger in
            let service = WorkerService(worker: worker)
            let running = Task { try await service.run() }
            #expect(await Self.eventually { worker.status.snapshot.counters.consumed == messages.count })
            #expect(worker.status.snapshot.ready)
            trigger.triggerGracefulShutdown()
            try await running.value
        }

        // Drained and left: not ready, stopping, every partition released.
        let status = worker.status.snapshot
        #expect(status.stopping && !status.ready)
        #expect(status.assigned.isEmpty)
        #expect(status.counters.windowsClosed == 3)
        // The shutdown commit reaches exactly the safe offset (the open window's first offset).
        let committed = try Delivery.committed(
            brokers: config.kafka.brokers, group: config.kafka.groupID, topic: topic, partitions: 1)
        #expect(committed[0] == expected.safe[0])
        #expect(expected.safe[0] == 3_000)
    }

    @Test func shutdownBeforeTheStartGateOpensNeverStartsTheWorker() async throws {
        var config = DriftwatchConfig()
        config.kafka.brokers = E2ECluster.shared.bootstrapServers
        let context = PipelineContext(config: config, references: [:])
        let worker = Worker(context: context, options: E2ECluster.options(config), logger: E2ECluster.logger)
        let gate = StartGate()
        try await testGracefulShutdown { trigger in
            let running = Task { try await WorkerService(worker: worker, startAfter: gate).run() }
            try await Task.sleep(for: .milliseconds(50))
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        #expect(worker.status.snapshot == WorkerStatus.Snapshot())
    }

    static func eventually(seconds: Double = 40, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
