import Foundation

/// `driftwatch mock-cluster` as a child process, so a chaos test can freeze the brokers
/// (SIGSTOP) while a worker runs and thaw them (SIGCONT). Only this process is signalled, by
/// its pid; the deinit thaws and stops it.
final class ExternalMockCluster {
    let process = Process()
    let bootstrapServers: String
    let stderrURL: URL

    /// Starts the cluster with `topics` (name, partitions) created; waits up to 30 s for the
    /// bootstrap line it prints first.
    init(executable: URL, topics: [(name: String, partitions: Int)], directory: URL, brokers: Int = 3) throws {
        process.executableURL = executable
        process.arguments = ["mock-cluster", "--brokers", "\(brokers)"] + topics.flatMap { ["--topic", "\($0.name):\($0.partitions)"] }
        let stdout = Pipe()
        stderrURL = directory.appendingPathComponent("mock-cluster.stderr")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        let reader = stdout.fileHandleForReading
        // The first line, read off the test's thread so a silent child cannot hang the test.
        let line = LockedLine()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var bytes: [UInt8] = []
            while true {
                let chunk = reader.readData(ofLength: 1)
                if chunk.isEmpty || chunk.first == UInt8(ascii: "\n") { break }
                bytes.append(chunk.first!)
            }
            line.set(String(decoding: bytes, as: UTF8.self))
            done.signal()
        }
        guard done.wait(timeout: .now() + 30) == .success, let servers = line.get(), servers.hasPrefix("127.0.0.1:") else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ClusterStartFailure(stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
        }
        bootstrapServers = servers
    }

    /// Freezes every broker at once (the whole cluster process stops answering, sockets stay open).
    func freeze() { kill(process.processIdentifier, SIGSTOP) }
    func thaw() { kill(process.processIdentifier, SIGCONT) }

    deinit {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    struct ClusterStartFailure: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "driftwatch mock-cluster printed no bootstrap line within 30 s: \(stderr.suffix(1_000))" }
    }

    private final class LockedLine: @unchecked Sendable {  // guarded by `lock`
        private let lock = NSLock()
        private var value: String?
        func set(_ v: String) { lock.lock(); value = v; lock.unlock() }
        func get() -> String? { lock.lock(); defer { lock.unlock() }; return value }
    }
}
