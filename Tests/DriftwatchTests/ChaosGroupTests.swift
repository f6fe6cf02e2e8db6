import DriftwatchCore
import DriftwatchKafka
import Foundation
import Testing

/// Chaos (issue 10, SPEC section 7): three `driftwatch run` children in one group share the 4
/// partitions; at seeded points one is killed with SIGKILL and another stopped with SIGTERM
/// mid-stream; the third, joined by a restarted fourth, finishes. The topics and commits must
/// end as replay's, duplicates allowed and printed.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ChaosGroupTests {
    @Test func threeWorkersOneKilledOneStoppedTheRestFinish() throws {
        let scenario = "group of 3"
        let h = try ChaosHarness(name: "group", seed: ChaosKillTests.seed, cluster: .shared)
        var rng = SplitMix64(seed: h.seed, stream: 4)
        let shares = (0..<2).map { _ in rng.uniform(0.15, 0.5) }
        print("chaos: \(scenario): seed \(h.seed), replay \(h.replay.messages.count) messages, SIGKILL after \(String(format: "%.2f", shares[0])) and SIGTERM after \(String(format: "%.2f", shares[1])) of the outputs to come")

        let workers = try (1...3).map { try h.worker("w\($0)") }
        var phases: [ChaosPhase] = []
        var outputsAtStop: Int64 = 0
        for (k, share) in shares.enumerated() {
            let victim = workers[k], survivors = Array(workers[(k + 1)...])
            let startCommitted = try h.committedTotal()
            let threshold = outputsAtStop + max(1, Int64(share * Double(max(Int64(h.replay.messages.count) - outputsAtStop, 1))))
            // Three workers may finish the backlog before a stop point: once everything is
            // committed at the safe offsets, the stop comes at once (flaked in loop 4, run 2,
            // waiting 60 s for outputs that would never come).
            let reached = try h.wait(seconds: 60, while: Array(workers[k...])) {
                let committed = try h.committedTotal()
                return try committed == h.safeTotal || (h.outputTotal() >= threshold && committed > startCommitted)
            }
            #expect(reached, "\(scenario): \(victim.stderrURL.lastPathComponent) not reached: \(victim.stderrTail)")
            let assigned = ChaosHarness.assignedLine(victim)
            let progress = try h.progress()
            let assignmentsBefore = survivors.map(ChaosFreezeTests.assignments).reduce(0, +)
            let status = victim.stop(signal: k == 0 ? SIGKILL : SIGTERM, within: 40)
            let stopped = Date()
            if k == 0 {
                #expect(status == SIGKILL && victim.process.terminationReason == .uncaughtSignal, "w1: \(String(describing: status))")
            } else {
                #expect(status == 0, "w2: SIGTERM: exit status \(String(describing: status)); \(victim.stderrTail)")
            }
            // Recovery: the survivors take the victim's partitions over (a new assignment each).
            var reassigned: Double?
            _ = try h.wait(seconds: 30, while: survivors) {
                if survivors.map(ChaosFreezeTests.assignments).reduce(0, +) > assignmentsBefore { reassigned = Date().timeIntervalSince(stopped) }
                return reassigned != nil
            }
            #expect(reassigned != nil, "\(scenario): the survivors were not reassigned within 30 s")
            outputsAtStop = try h.outputTotal()
            phases.append(ChaosPhase(
                name: "w\(k + 1) \(k == 0 ? "SIGKILL" : "SIGTERM")",
                note: "\(progress), it held \(assigned), the others reassigned \(ChaosFreezeTests.format(reassigned)) after it",
                endOffsets: try h.endOffsets(), modelStage: try h.modelStageLine()))
        }
        // w3 carries on; w4 (the restarted one) joins; both finish.
        let restarted = try h.worker("w4")
        let started = Date()
        var joined: Double?
        _ = try h.wait(seconds: 30, while: [workers[2], restarted]) {
            if ChaosFreezeTests.assignments(restarted) > 0 { joined = Date().timeIntervalSince(started) }
            return joined != nil
        }
        var last = try h.finish("w3+w4", workers: [workers[2], restarted])
        last.note = "w4 assigned \(ChaosFreezeTests.format(joined)) after its start, " + last.note
        phases.append(last)
        try h.verify(scenario, phases: phases)
    }
}

extension ChaosHarness {
    /// The partitions `child` was last assigned (its log), for the printed lines.
    static func assignedLine(_ child: GracefulShutdownTests.Child) -> String {
        guard let line = stderr(child).split(separator: "\n").last(where: { $0.contains("pipeline.rebalance.assigned") })
        else { return "no partitions" }
        // JSON log lines (the default) carry "kafka.partitions":"…"; text lines partitions=… [Driftwatch….
        if let range = line.range(of: #""kafka.partitions":""#) {
            let rest = line[range.upperBound...]
            return String(rest[..<(rest.firstIndex(of: "\"") ?? rest.endIndex)])
        }
        guard let range = line.range(of: "partitions=") else { return "no partitions" }
        let rest = line[range.upperBound...]
        return String(rest[..<(rest.range(of: " [Driftwatch")?.lowerBound ?? rest.endIndex)])
    }
}
