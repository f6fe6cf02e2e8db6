import DriftwatchCore
import Foundation
import Testing
@testable import driftwatch

/// Every shipped pipeline config passes `driftwatch run --config FILE --check`: it parses, its
/// keys are known and its reference profiles load.
@Suite struct ExampleConfigCheckTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var configs: [String] {
        let folder = root.appendingPathComponent("pipelines")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test func thereAreExamplesForEachKindOfModel() {
        let names = Self.configs.map { URL(fileURLWithPath: $0).lastPathComponent }
        for expected in ["fraud-detector.yaml", "regression.yaml", "llm-app.yaml", "docker.yaml"] {
            #expect(names.contains(expected), "pipelines/\(expected) is missing")
        }
    }

    @Test(arguments: configs)
    func exampleConfigChecks(path: String) throws {
        let config = try CommandSupport.loadConfig(path: path, brokers: nil)
        let context = try CommandSupport.loadContext(config: config)
        #expect(!config.modelIDs.isEmpty)
        #expect(config.modelIDs.allSatisfy { context.models[$0]?.reference != nil }, "every model has its reference loaded")
        let summary = OpsRuntime.checkSummary(config: config)
        #expect(summary.hasPrefix("\(path): ok"))
    }

    @Test func theLLMExamplePricesTokensAndTheRegressionExampleIsARegression() throws {
        let llm = try CommandSupport.loadConfig(path: Self.root.appendingPathComponent("pipelines/llm-app.yaml").path, brokers: nil)
        #expect(!llm.llmPricing.isEmpty)
        let regression = try CommandSupport.loadConfig(path: Self.root.appendingPathComponent("pipelines/regression.yaml").path, brokers: nil)
        #expect(regression.models["house-price"]?.predictionType == .regression)
    }
}
