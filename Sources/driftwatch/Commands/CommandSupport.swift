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
        try checkReadable(path, what: what)
        return try PipelineFiles.readFile(path, what: what)
    }

    /// A file mapped into memory (read-only): replay inputs of any size without copying them.
    static func mapFile(_ path: String, what: String) throws -> Data {
        try checkReadable(path, what: what)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CommandFailure("cannot read \(what) \(path): \(ioReason(error)).")
        }
    }

    /// One sentence for the usual reasons a path cannot be read: absent, a directory, no permission.
    static func checkReadable(_ path: String, what: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(what) \(path) does not exist.")
        }
        if isDirectory.boolValue { throw CommandFailure("\(what) \(path) is a directory; give the path of a file.") }
        if !FileManager.default.isReadableFile(atPath: path) {
            throw CommandFailure("cannot read \(what) \(path): permission denied.")
        }
    }

    /// Opens `path` for writing (created or truncated), or says in one sentence why it cannot:
    /// its directory is missing, it is a directory, permission is denied.
    static func openForWriting(_ path: String, what: String) throws -> FileHandle {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            let code = errno
            let directory = (path as NSString).deletingLastPathComponent
            switch code {
            case ENOENT:
                throw CommandFailure("cannot write \(what) \(path): directory \(directory.isEmpty ? "." : directory) does not exist.")
            case EISDIR:
                throw CommandFailure("cannot write \(what) \(path): it is a directory; give the path of a file.")
            case EACCES, EPERM, EROFS:
                throw CommandFailure("cannot write \(what) \(path): permission denied.")
            default:
                throw CommandFailure("cannot write \(what) \(path): \(String(cString: strerror(code))).")
            }
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    static func writeFile(_ path: String, what: String, contents: Data) throws {
        let handle = try openForWriting(path, what: what)
        do {
            try handle.write(contentsOf: contents)
            try handle.close()
        } catch {
            throw CommandFailure("cannot write \(what) \(path): \(ioReason(error)).")
        }
    }

    /// The short reason of a Foundation I/O error (its POSIX cause, without domain/code noise).
    static func ioReason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
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
            handle = try CommandSupport.openForWriting(path, what: "output file")
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
