import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
import Foundation
import Testing

/// One stretch of a chaos scenario (a run until its kill, a freeze, the final run): printed as
/// one line with the messages it added to the output topics.
struct ChaosPhase {
    var name: String
    /// What happened (kill point, recovery times, ...).
    var note: String
    /// Each output topic's high watermark when the phase ended.
    var endOffsets: [String: Int64]
    var modelStage = ""
}

/// What `verify` found, for the scenario's own assertions and the loop log.
struct ChaosOutcome {
    var replayIDs = 0, seenIDs = 0, messages = 0, duplicates = 0, differing = 0, foreign = 0, missing = 0
    /// Every message read back, by topic.
    var byTopic: [String: [KafkaMessage]] = [:]
}

extension ChaosHarness {
    /// The end of every scenario: `workers` (still running) must commit every partition at
    /// replay's safe offset (the start of its open window) and put every replay id on the
    /// topics within `seconds`; then each gets SIGTERM and must exit 0.
    func finish(_ name: String, workers: [GracefulShutdownTests.Child], seconds: Double = 120) throws -> ChaosPhase {
        let committedSafe = try wait(seconds: seconds, while: workers) {
            try probe.committed(topic: predictions, partitions: Self.partitions) == replay.safe
        }
        let committedNow = try probe.committed(topic: predictions, partitions: Self.partitions)
        #expect(committedSafe, "\(name): not committed at \(replay.safe): \(committedNow); \(workers.map(\.stderrTail).joined(separator: "\n---\n"))")
        let everyID = try wait(seconds: 45, while: workers) {
            let seen = Set(try outputs.flatMap { try read($0) }.map { Delivery.id($0.value ?? []) })
            return replay.ids.isSubset(of: seen)
        }
        #expect(everyID, "\(name): not every replay id was published")
        for worker in workers {
            let status = worker.stop(signal: SIGTERM, within: 40)
            #expect(status == 0, "\(name): SIGTERM: exit status \(String(describing: status)); \(worker.stderrTail)")
        }
        let committed = try probe.committed(topic: predictions, partitions: Self.partitions)
        #expect(committed == replay.safe, "\(name): committed \(committed), safe \(replay.safe)")
        return ChaosPhase(name: name, note: "stopped by SIGTERM", endOffsets: try endOffsets(),
                          modelStage: try modelStageLine() + workers.map(Self.restoredLine).joined())
    }

    /// Every copy on the output topics against replay's message of the same id; one line per
    /// phase (messages, new ids, duplicates) and a total, printed with the scenario's name.
    @discardableResult
    func verify(_ scenario: String, phases: [ChaosPhase]) throws -> ChaosOutcome {
        var outcome = ChaosOutcome(replayIDs: replay.ids.count)
        var seen: [String: Int] = [:]
        var foreign: [String] = [], different: [String] = []
        var lines: [String] = []
        var phaseStart: [String: Int64] = Dictionary(uniqueKeysWithValues: outputs.map { ($0, 0) })
        for t in outputs { outcome.byTopic[t] = try read(t) }
        for phase in phases {
            var count = 0, duplicates = 0, new = 0
            for t in outputs {
                let end = phase.endOffsets[t] ?? Int64.max
                for m in outcome.byTopic[t]! where m.offset >= phaseStart[t]! && m.offset < end {
                    count += 1
                    let value = m.value ?? []
                    let id = Delivery.id(value)
                    if seen[id, default: 0] > 0 { duplicates += 1 } else { new += 1 }
                    seen[id, default: 0] += 1
                    guard let want = expected[id] else { foreign.append(id); continue }
                    if (try? JSONValue.parse(value)) != want {
                        different.append("\(id) at \(t)@\(m.offset): \(String(decoding: value, as: UTF8.self).prefix(400))")
                    }
                }
                phaseStart[t] = max(phaseStart[t]!, min(end, Int64.max))
            }
            lines.append("chaos: \(scenario): \(phase.name): \(count) messages, \(new) new ids, \(duplicates) duplicates, \(phase.note); \(phase.modelStage)")
        }
        outcome.messages = outcome.byTopic.values.reduce(0) { $0 + $1.count }
        outcome.seenIDs = seen.count
        outcome.duplicates = outcome.messages - seen.count
        outcome.differing = different.count
        outcome.foreign = foreign.count
        let missing = replay.ids.subtracting(seen.keys)
        outcome.missing = missing.count
        lines.append("chaos: \(scenario): total: seed \(seed), \(replay.ids.count) replay ids compared, \(seen.count) ids on the topics, \(outcome.messages) messages, \(outcome.duplicates) duplicates, \(different.count) differing copies, \(foreign.count) foreign, \(missing.count) missing")
        for line in lines { print(line) }

        // The model stage's state survived: records for both models, the summaries committed
        // past the windows they describe (else every restart rebuilds every model window).
        let summariesCommitted = try probe.committed(topic: names[4], partitions: 1)[0] ?? -1
        let states = try stateRecords()
        #expect(Set(states.map(\.modelID)) == [SyntheticTraffic.modelID, ChaosKillTests.secondModel], "state records: \(states.map(\.modelID))")
        #expect(summariesCommitted > 0, "summaries committed at \(summariesCommitted)")
        #expect(missing.isEmpty, "\(scenario): missing \(missing.count): \(missing.sorted().prefix(5))")
        #expect(foreign.isEmpty, "\(scenario): not published by replay: \(foreign.prefix(5))")
        #expect(different.isEmpty, "\(scenario): differs from replay's copy: \(different.prefix(3))")
        return outcome
    }

    /// "at 0.42 of the safe offsets": how far the group's commits had come.
    func progress() throws -> String {
        String(format: "at %.3f of the safe offsets", Double(try committedTotal()) / Double(safeTotal))
    }
}
