import DriftwatchTestSupport
import Foundation
import Testing

/// Issue 13: `driftwatch run` against a broker address nobody listens on. Its consumer,
/// producer and health probe all fail to connect, dozens of times; the log says so once, in
/// our words, as a JSON line; SIGTERM still stops it promptly.
@Suite(.serialized, .timeLimit(.minutes(1))) struct UnreachableBrokerRunTests {
    @Test func aClosedPortIsOneJSONLineInOurWords() throws {
        let executable = try #require(GracefulShutdownTests.executable, "the driftwatch executable was not found next to the tests")
        let port = try LoopbackPort.closed()
        let broker = "127.0.0.1:\(port)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-unreachable-\(port)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = GracefulShutdownTests.root.appendingPathComponent("pipelines/references/fraud-detector.json").path
        let configPath = directory.appendingPathComponent("pipeline.yaml").path
        try """
            kafka:
              brokers: \(broker)
              properties:
                reconnect.backoff.ms: 10
                reconnect.backoff.max.ms: 100
            models:
              fraud-detector:
                reference: \(reference)
            http:
              enabled: false

            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let child = try GracefulShutdownTests.Child(
            executable: executable, config: configPath, brokers: broker, directory: directory, name: "run")
        Thread.sleep(forTimeInterval: 6)
        // Still waiting for the brokers: SIGTERM ends it at once, cleanly (nothing to drain).
        let stoppedAt = Date()
        let status = child.stop(signal: SIGTERM, within: 15)
        #expect(status == 0, "SIGTERM while the brokers are unreachable: exit status \(String(describing: status))")
        #expect(Date().timeIntervalSince(stoppedAt) < 12, "took \(Date().timeIntervalSince(stoppedAt)) s")

        let lines = try String(contentsOf: child.stderrURL, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty)
        var about: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            if line.contains(broker) { about.append(object["msg"] as? String ?? "") }
        }
        #expect(about == ["broker \(broker) unreachable (connection refused); retrying"],
                "lines about \(broker) in 6 s: \(about)\n\(child.stderrTail)")
    }
}
