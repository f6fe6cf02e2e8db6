import DriftwatchCore
import Foundation
import Testing
@testable import driftwatch

@Suite("driftwatch reference build")
struct ReferenceCommandTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("driftwatch-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func buildsAProfileThatLoads() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("train.csv")
        let out = dir.appendingPathComponent("ref.json")
        try "amount,country,prediction,label,score\n1.5,DE,1,1,0.9\n2,FR,0,1,0.3\n3,DE,0,0,0.2\n"
            .write(to: input, atomically: true, encoding: .utf8)
        let command = try ReferenceBuildCommand.parse(
            ["--input", input.path, "--model", "fraud-detector", "--out", out.path])
        try command.run()
        let profile = try ReferenceProfile.load(from: Data(contentsOf: out), source: out.path)
        #expect(profile.modelID == "fraud-detector")
        #expect(profile.features["amount"]?.values == [1.5, 2, 3])
        #expect(profile.features["country"]?.categories == ["DE": 2, "FR": 1])
        #expect(profile.baseline?.labelled == 3)
    }

    @Test func requiresInputModelAndOut() {
        #expect(throws: (any Error).self) { try ReferenceBuildCommand.parse(["--model", "m", "--out", "x"]) }
        #expect(throws: (any Error).self) { try ReferenceBuildCommand.parse(["--input", "i", "--out", "x"]) }
        #expect(throws: (any Error).self) {
            try ReferenceBuildCommand.parse(["--input", "i", "--model", "m", "--out", "x", "--max-values", "0"])
        }
    }

    @Test func isASubcommandOfDriftwatch() {
        #expect(Driftwatch.configuration.subcommands.contains { $0 == ReferenceCommand.self })
        #expect(ReferenceCommand.configuration.subcommands.contains { $0 == ReferenceBuildCommand.self })
    }
}
