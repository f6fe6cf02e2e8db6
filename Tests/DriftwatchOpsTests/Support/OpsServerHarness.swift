import DriftwatchOps
import Foundation
import Hummingbird
import Logging
import Prometheus

/// Runs the ops HTTP application on a free loopback port for the duration of `body`.
func withOpsServer<T: Sendable>(
    registry: PrometheusCollectorRegistry,
    readiness: Readiness,
    reportStore: ReportStore,
    _ body: @Sendable (Int) async throws -> T
) async throws -> T {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "driftwatch.http.test")
    logger.logLevel = .critical  // cancelling the server at the end logs errors by design
    let app = makeOpsApplication(
        configuration: OpsHTTPConfiguration(host: "127.0.0.1", port: 0, reportRefreshSeconds: nil),
        registry: registry, readiness: readiness, reportStore: reportStore, logger: logger,
        onServerRunning: { port in continuation.yield(port) })
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.runService()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HTTPGetError.socket }
        let result = try await body(port)
        group.cancelAll()
        while let _ = try? await group.next() {}
        return result
    }
}

/// Runs `promtool check metrics` on `text`; nil when promtool is not installed.
func promtoolCheckMetrics(_ text: String) throws -> (status: Int32, output: String)? {
    let candidates = ["/usr/bin/promtool", "/usr/local/bin/promtool", "/bin/promtool"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["check", "metrics"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Metric family names declared by `# TYPE` lines of a Prometheus text exposition.
func exposedMetricNames(_ text: String) -> Set<String> {
    Set(text.split(separator: "\n").compactMap { line -> String? in
        let parts = line.split(separator: " ")
        guard parts.count >= 4, parts[0] == "#", parts[1] == "TYPE" else { return nil }
        return String(parts[2])
    })
}

/// The value of the sample `name{labels}` in a Prometheus text exposition (labels as printed).
func sampleValue(_ text: String, _ series: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1).split(separator: " ")[0])
    }
    return nil
}
