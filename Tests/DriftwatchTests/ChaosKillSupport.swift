import DriftwatchCore
import DriftwatchSynthetic
import DriftwatchKafka
import Foundation
@testable import driftwatch

/// The chaos tests' input (two models in the synthetic traffic) and its second reference.
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
}
