import DriftwatchCore
import DriftwatchKafka
import Foundation
import Testing

/// Chaos (issue 10, SPEC section 7 "Brokers down"): the whole mock cluster, in its own process,
/// frozen with SIGSTOP for 20 s (and 45 s) at a seeded point mid-stream while `driftwatch run`
/// works, then thawed with SIGCONT. The worker must survive, resume by itself, and leave the
/// same topics and commits as the kill test demands. Prints how long it took to publish and
/// commit again after SIGCONT (the recovery time).
///
/// The 45 s freeze runs when `DRIFTWATCH_CHAOS_FREEZE` is set (`make test` sets it).
@Suite(.serialized, .timeLimit(.minutes(5))) struct ChaosFreezeTests {
    static var longFreezeEnabled: Bool { ProcessInfo.processInfo.environment["DRIFTWATCH_CHAOS_FREEZE"] != nil }

    @Test func brokersFrozenFor20SecondsLoseNothing() throws {
        try freeze(seconds: 20)
    }

    /// Brokers frozen for 20 s with `message.timeout.ms` at 8 s (an outage longer than the
    /// producer's timeout): an output pending at the freeze times out, the worker stops with one
    /// sentence without committing past it, and a worker started after the thaw republishes
    /// everything in order. A worker with nothing pending may live through it; both pass.
    @Test func brokersFrozenLongerThanTheMessageTimeoutLoseNothing() throws {
        let scenario = "freeze past the message timeout"
        let h = try ChaosHarness(name: "freeze-timeout", seed: ChaosKillTests.seed, cluster: .separateProcess,
                                 properties: ["message.timeout.ms": "8000"])
        let cluster = try #require(h.external)
        var rng = SplitMix64(seed: h.seed, stream: 5)
        let share = rng.uniform(0.15, 0.5)
        let worker = try h.worker("run1")
        let threshold = max(1, Int64(share * Double(h.replay.messages.count)))
        let reached = try h.wait(seconds: 60, while: [worker]) {
            try h.outputTotal() >= threshold && (try h.committedTotal()) > 0
        }
        #expect(reached, "\(scenario): the run did not reach its freeze point: \(worker.stderrTail)")
        let before = ChaosPhase(name: "run1", note: "frozen \(try h.progress())", endOffsets: try h.endOffsets(),
                                modelStage: try h.modelStageLine())
        cluster.freeze()
        Thread.sleep(forTimeInterval: 20)
        cluster.thaw()
        try h.renewProbe()
        let stoppedItself = try Delivery.wait(seconds: 15) { !worker.process.isRunning }
        var workers = [worker]
        var note = "the worker lived through it (nothing pending timed out)"
        if stoppedItself {
            #expect(worker.process.terminationStatus == 1, "\(scenario): exit status \(worker.process.terminationStatus)")
            let sentence = ChaosHarness.stderr(worker).split(separator: "\n")
                .filter { $0.contains("was not delivered within message.timeout.ms") }
            #expect(!sentence.isEmpty, "\(scenario): no one-sentence reason: \(worker.stderrTail)")
            note = "the worker stopped itself with exit 1: an output timed out"
            workers = [try h.worker("run2")]
        }
        print("chaos: \(scenario): seed \(h.seed), freeze after \(String(format: "%.2f", share)) of the outputs; \(note)")
        var last = try h.finish(stoppedItself ? "run2" : "after", workers: workers)
        last.note = note + ", then " + last.note
        try h.verify(scenario, phases: [before, last])
    }

    @Test(.enabled(if: longFreezeEnabled, "set DRIFTWATCH_CHAOS_FREEZE=1 (make test does) for the 45 s freeze"))
    func brokersFrozenFor45SecondsLoseNothing() throws {
        try freeze(seconds: 45)
    }

    func freeze(seconds: Double) throws {
        let scenario = "freeze \(Int(seconds)) s"
        let h = try ChaosHarness(name: "freeze", seed: ChaosKillTests.seed, cluster: .separateProcess)
        let cluster = try #require(h.external)
        var rng = SplitMix64(seed: h.seed, stream: 3)
        let share = rng.uniform(0.15, 0.5)
        print("chaos: \(scenario): seed \(h.seed), replay \(h.replay.messages.count) messages, freeze after \(String(format: "%.2f", share)) of the outputs")

        // Freeze once the run has published a seeded share of the outputs and committed something.
        let worker = try h.worker("run1")
        let threshold = max(1, Int64(share * Double(h.replay.messages.count)))
        let reached = try h.wait(seconds: 60, while: [worker]) {
            try h.outputTotal() >= threshold && (try h.committedTotal()) > 0
        }
        #expect(reached, "\(scenario): the run did not reach its freeze point: \(worker.stderrTail)")
        let progress = try h.progress()
        // A slow machine may reach the freeze point late; commits of the model stage count
        // as progress too, and a run with nothing left to do needs none.
        let outputsBefore = try h.outputTotal(), committedBefore = try h.commitProgress()
        let finishedBefore = try h.finished()
        let before = ChaosPhase(name: "before", note: "frozen \(progress)", endOffsets: try h.endOffsets(),
                                modelStage: try h.modelStageLine())
        cluster.freeze()
        let frozen = Date()
        var diedDuringFreeze = false
        while Date().timeIntervalSince(frozen) < seconds {
            if !worker.process.isRunning { diedDuringFreeze = true }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let assignmentsBefore = Self.assignments(worker)
        cluster.thaw()
        let thawed = Date()
        #expect(!diedDuringFreeze, "\(scenario): the worker exited while the brokers were frozen: \(worker.stderrTail)")

        // Recovery: the group rejoined (the worker lost its partitions when its session ran
        // out during the freeze), the first new output (outputs queued during the freeze are
        // delivered at once), the first commit past the pre-freeze commits.
        var reassigned: Double?, firstOutput: Double?, firstCommit: Double?
        _ = try h.wait(seconds: 120, while: [worker]) {
            if reassigned == nil, Self.assignments(worker) > assignmentsBefore { reassigned = Date().timeIntervalSince(thawed) }
            if firstOutput == nil, try h.outputTotal() > outputsBefore { firstOutput = Date().timeIntervalSince(thawed) }
            if firstCommit == nil, try h.commitProgress() > committedBefore { firstCommit = Date().timeIntervalSince(thawed) }
            return reassigned != nil && ((firstOutput != nil && firstCommit != nil) || finishedBefore)
        }
        if finishedBefore { print("chaos: \(scenario): the run had finished its work before the freeze point") }
        #expect(finishedBefore || (firstOutput != nil && firstCommit != nil), "\(scenario): no progress after SIGCONT: \(worker.stderrTail)")
        let lost = ChaosHarness.stderr(worker).contains("pipeline.rebalance.lost") ? "partitions lost during the freeze" : "partitions kept"
        let recovery = "recovery after SIGCONT: \(lost), reassigned \(Self.format(reassigned)), first output \(Self.format(firstOutput)), first commit \(Self.format(firstCommit))"
        print("chaos: \(scenario): \(recovery)")
        var last = try h.finish("after", workers: [worker])
        last.note = recovery + ", then " + last.note
        try h.verify(scenario, phases: [before, last])
    }

    /// How many assignments `worker` has logged so far.
    static func assignments(_ worker: GracefulShutdownTests.Child) -> Int {
        ChaosHarness.stderr(worker).components(separatedBy: "pipeline.rebalance.assigned").count - 1
    }

    static func format(_ seconds: Double?) -> String { seconds.map { String(format: "%.1f s", $0) } ?? "never" }
}
