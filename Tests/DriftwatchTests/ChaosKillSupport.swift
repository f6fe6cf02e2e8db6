import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
import Foundation
@testable import driftwatch

/// The chaos test's input (two models in the synthetic traffic), its second reference, and
/// reading its output topics back with offsets.
extension ChaosKillTests {
    /// Event `i` of the synthetic traffic, unlabelled; a seeded third of them belong to the second
    /// model (its `model_id` rewritten), so both models interleave in every partition.
    static func event(_ traffic: SyntheticTraffic, at i: Int, mix: inout SplitMix64) -> [UInt8] {
        let bytes = Delivery.event(traffic, at: i)
        guard mix.chance(1.0 / 3.0) else { return bytes }
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
            of: #""model_id":"\#(SyntheticTraffic.modelID)""#, with: #""model_id":"\#(secondModel)""#)
        return Array(text.utf8)
    }

    /// A reference for the second model, built as `pipelines/references/fraud-detector.json` was
    /// (6,000 clean events of seed 7) but under the second model's id: the configuration refuses
    /// a reference built for another model (`ConfigReferenceCheck`).
    static func buildSecondReference(in directory: URL) throws -> String {
        let clean = SyntheticTraffic(seed: 7)
        var lines = ""
        for i in 0..<6_000 {
            lines += String(decoding: clean.event(at: i), as: UTF8.self).replacingOccurrences(
                of: #""model_id":"\#(SyntheticTraffic.modelID)""#, with: #""model_id":"\#(secondModel)""#) + "\n"
        }
        let input = directory.appendingPathComponent("reference-b.jsonl"), out = directory.appendingPathComponent("reference-b.json")
        try lines.write(to: input, atomically: true, encoding: .utf8)
        try ReferenceBuildCommand.parse(
            ["--input", input.path, "--model", secondModel, "--out", out.path, "--max-values", "6000"]).run()
        return out.path
    }

    /// Every message of `topic` (one partition) with its offset, read until the high watermark.
    static func read(_ topic: String, brokers: String, probe: Delivery.Probe) throws -> [(offset: Int64, value: [UInt8])] {
        let high = try probe.highWatermarks(topic: topic, partitions: 1)[0] ?? 0
        guard high > 0 else { return [] }
        return try TopicReader.readAll(brokers: brokers, topic: topic, partitions: 1, expected: Int(high),
                                       idle: .seconds(5), logger: E2ECluster.logger)
            .map { (offset: $0.offset, value: $0.value ?? []) }
    }

    /// What one run did, printed as one line at the end.
    struct RunRecord {
        var name: String
        var killedAtProgress: Double? = nil
        var assignedAfter: Double? = nil      // seconds from start (or from the previous kill) to its assignment
        var firstOutputAfter: Double? = nil   // seconds from the previous kill to the first new output
        var endOffsets: [String: Int64] = [:] // each output topic's high watermark when the run ended
        var modelStage = ""                   // summaries committed and state records when the run ended
    }
}
