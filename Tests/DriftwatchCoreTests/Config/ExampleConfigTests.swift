import Foundation
import Testing
@testable import DriftwatchCore

/// pipelines/example.yaml, the shipped example, parses with its reference present.
@Suite struct ExampleConfigTests {
    @Test func examplePipelineParses() throws {
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repo.appendingPathComponent("pipelines/example.yaml"), encoding: .utf8)
        var asked: [String] = []
        let config = try DriftwatchConfig.load(yaml: text, path: "pipelines/example.yaml",
                                               fileExists: { asked.append($0); return true })
        #expect(asked == ["pipelines/references/fraud-detector.json"])
        let model = try #require(config.models["fraud-detector"])
        #expect(model.predictionType == .classification)
        #expect(model.features["amount"]?.required == true)
        #expect(model.features["merchant_category"]?.method == .psi)
        #expect(model.features["customer_age"]?.method == .wasserstein)
        #expect(config.window.maxAgeSeconds == 300)
        #expect(config.retrain.dagID == "retrain_fraud_detector")
        #expect(config.llmPricing["gpt-4o-mini"] == .init(inputPerMillion: 0.15, outputPerMillion: 0.6))
    }
}
