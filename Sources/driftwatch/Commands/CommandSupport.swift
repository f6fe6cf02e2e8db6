import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import Foundation

enum CommandSupport {
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("driftwatch: " + message + "\n").utf8))
    }

    /// Runs `body`, turning any error into one line on stderr and exit code 1.
    static func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    /// The same for async commands.
    static func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    static func readFile(_ path: String, what: String) throws -> [UInt8] {
        try PipelineFiles.readFile(path, what: what)
    }

    /// A file mapped into memory (read-only): replay inputs of any size without copying them.
    static func mapFile(_ path: String, what: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(what) \(path) does not exist.") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CommandFailure("cannot read \(what) \(path): \(error.localizedDescription)")
        }
    }

    /// Loads and validates the configuration, with `--brokers` over the environment over the file.
    static func loadConfig(path: String, brokers: String?) throws -> DriftwatchConfig {
        try PipelineFiles.loadConfig(path: path, brokers: brokers)
    }

    /// The pipeline context: configuration plus every model's reference profile.
    static func loadContext(
        config: DriftwatchConfig, partitionCount: Int = 1, stageTimer: (any StageTimer)? = nil
    ) throws -> PipelineContext {
        try PipelineFiles.loadContext(config: config, partitionCount: partitionCount, stageTimer: stageTimer, warn: printError)
    }
}

/// Buffered writes to stdout or a file.
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let h = FileHandle(forWritingAtPath: path) else {
                throw CommandFailure("cannot write output file \(path).")
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
