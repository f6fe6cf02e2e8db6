import ArgumentParser
import DriftwatchCore
import Foundation
import Testing
@testable import driftwatch

/// `run`, `run --check` and `replay` load every reference through `CommandSupport.loadContext`,
/// which refuses a configuration that disagrees with its reference (SPEC section 8).
@Suite struct ConfigAgainstReferenceTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-config-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var builder = ReferenceBuilder(modelID: "fraud-detector")
        for (i, country) in ["DE", "FR", "DE"].enumerated() {
            try builder.add(ReferenceRow(features: [("income", .number(Double(i))), ("country", .string(country))]),
                            location: "row \(i)")
        }
        try builder.build(source: nil).encoded().write(to: dir.appendingPathComponent("fraud.json"))
    }

    /// Writes a config whose model `model` uses fraud.json with `features` (YAML lines).
    func configPath(model: String = "fraud-detector", features: String) throws -> String {
        let path = dir.appendingPathComponent("p.yaml").path
        try "models:\n  \(model):\n    reference: fraud.json\n    features:\n\(features)\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func loadFailure(_ path: String) -> String? {
        do {
            let config = try CommandSupport.loadConfig(path: path, brokers: nil)
            _ = try CommandSupport.loadContext(config: config)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aTypoedFeatureStopsStartUp() throws {
        let path = try configPath(features: "      incme: {required: true}")
        let message = try #require(loadFailure(path))
        #expect(message == "\(path) line 5: unknown feature \"incme\" in models.fraud-detector.features: the reference "
                + "\(dir.path)/fraud.json has country, income")
    }

    @Test func aDifferentTypeStopsStartUp() throws {
        let path = try configPath(features: "      country: {type: numeric}")
        let message = try #require(loadFailure(path))
        #expect(message.contains("models.fraud-detector.features.country.type is numeric but the reference \(dir.path)/fraud.json has country as categorical"))
    }

    @Test func anotherModelsReferenceStopsStartUp() throws {
        let path = try configPath(model: "churn", features: "      income: {}")
        let message = try #require(loadFailure(path))
        #expect(message.hasPrefix("\(path) line 3: models.churn.reference names \(dir.path)/fraud.json, a reference built for model \"fraud-detector\""))
    }

    @Test func aCSVGivenAsTheReferenceNamesTheConfigLine() throws {
        try "income,country\n1,DE\n".write(to: dir.appendingPathComponent("fraud.json"), atomically: true, encoding: .utf8)
        let path = try configPath(features: "      income: {}")
        #expect(loadFailure(path) == "\(path) line 3: models.fraud-detector.reference: \(dir.path)/fraud.json is not a driftwatch "
                + "reference profile: it is not a JSON object; to profile training data (CSV or JSON Lines), run "
                + "`driftwatch reference build --input \(dir.path)/fraud.json --model MODEL --out PROFILE.json` and name PROFILE.json here.")
    }

    @Test func replayRefusesWithExitCodeOne() throws {
        let path = try configPath(features: "      incme: {}")
        let events = dir.appendingPathComponent("events.jsonl").path
        try "".write(toFile: events, atomically: true, encoding: .utf8)
        let command = try ReplayCommand.parse(["--config", path, "--input", events])
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test func aMatchingConfigLoads() throws {
        #expect(loadFailure(try configPath(features: "      income: {type: numeric}\n      country: {required: true}")) == nil)
    }
}
