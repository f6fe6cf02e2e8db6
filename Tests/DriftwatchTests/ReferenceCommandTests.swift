import ArgumentParser
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

    @Test func requiresInputModelAndOut() throws {
        #expect(throws: ValidationError.self) { try ReferenceBuildCommand.parse(["--model", "m", "--out", "x"]).run() }
        #expect(throws: ValidationError.self) { try ReferenceBuildCommand.parse(["--input", "i", "--out", "x"]).run() }
        #expect(throws: (any Error).self) {
            try ReferenceBuildCommand.parse(["--input", "i", "--model", "m", "--out", "x", "--max-values", "0"])
        }
        #expect(throws: (any Error).self) {
            try ReferenceBuildCommand.parse(["--input", "i", "--model", "m", "--out", "x", "--types", "a=number"])
        }
    }

    @Test func aMistypedOptionIsReportedAsUnknown() {
        for args in [["reference", "build", "--inpt", "x", "--model", "m", "--out", "o"],
                     ["replay", "--config", "c.yaml", "--inpt", "x"]] {
            do {
                _ = try Driftwatch.parseAsRoot(args)
                Issue.record("\(args) parsed")
            } catch {
                #expect(Driftwatch.message(for: error).hasPrefix("Unknown option '--inpt'"), "\(args)")
            }
        }
    }

    @Test func unreadableAndUnwritablePathsAreOneSentenceNamingThePath() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch { return "\(error)" }
        }
        #expect(message { _ = try CommandSupport.mapFile(dir.path, what: "input file") }
            == "input file \(dir.path) is a directory; give the path of a file.")
        #expect(message { _ = try CommandSupport.readFile(dir.path + "/none.yaml", what: "configuration file") }
            == "configuration file \(dir.path)/none.yaml does not exist.")
        #expect(message { try CommandSupport.writeFile(dir.path + "/missing/ref.json", what: "reference profile", contents: Data()) }
            == "cannot write reference profile \(dir.path)/missing/ref.json: directory \(dir.path)/missing does not exist.")
        #expect(message { try CommandSupport.writeFile(dir.path, what: "reference profile", contents: Data()) }
            == "cannot write reference profile \(dir.path): it is a directory; give the path of a file.")
        #expect(message { _ = try OutputFile(path: dir.path + "/missing/out.jsonl") }
            == "cannot write output file \(dir.path)/missing/out.jsonl: directory \(dir.path)/missing does not exist.")
        let build = try ReferenceBuildCommand.parse(["--input", dir.path, "--model", "m", "--out", dir.path + "/r.json"])
        #expect(throws: ExitCode(1)) { try build.run() }
    }

    @Test func labelsGiveAReferenceBuiltFromLoggedEventsABaseline() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events.jsonl"), labels = dir.appendingPathComponent("labels.jsonl")
        let out = dir.appendingPathComponent("ref.json")
        try (0..<4).map { "{\"event_id\":\"e\($0)\",\"model_id\":\"m\",\"features\":{\"x\":\($0)},\"prediction\":\($0 % 2)}" }
            .joined(separator: "\n").write(to: events, atomically: true, encoding: .utf8)
        try (0..<4).map { "{\"event_id\":\"e\($0)\",\"model_id\":\"m\",\"label\":1}" }
            .joined(separator: "\n").write(to: labels, atomically: true, encoding: .utf8)
        try ReferenceBuildCommand.parse(["--input", events.path, "--model", "m", "--out", out.path, "--labels", labels.path]).run()
        let profile = try ReferenceProfile.load(from: Data(contentsOf: out), source: out.path)
        #expect(profile.baseline?.labelled == 4)
        #expect(profile.baseline?.accuracy == 0.5)
    }

    @Test func isASubcommandOfDriftwatch() {
        #expect(Driftwatch.configuration.subcommands.contains { $0 == ReferenceCommand.self })
        #expect(ReferenceCommand.configuration.subcommands.contains { $0 == ReferenceBuildCommand.self })
    }
}
