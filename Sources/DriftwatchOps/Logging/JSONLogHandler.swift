public import DriftwatchCore
import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing one JSON object per record on one line (SPEC section 9), for log
/// shippers (Loki, Fluent Bit, `jq`): `ts` (RFC 3339, UTC, milliseconds), `level`, `msg`, then
/// every metadata key as a JSON key, sorted. Metadata values stay strings (nested dictionaries
/// and arrays become objects and arrays); `source` is added when it is not one of our modules,
/// so librdkafka's facility (`FAIL`, `REQTMOUT`) is kept.
///
/// `driftwatch run` bootstraps it (`--log-format json`, the default); a handler is a value, so
/// tests make one over a `LogLineSink` of their own and never bootstrap.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: LogLineSink

    public init(sink: LogLineSink, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.sink = sink
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// For `LoggingSystem.bootstrap`: every logger writes to the process's standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(sink: .standardError)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let line = Self.line(
            epochMilliseconds: Date().timeIntervalSince1970 * 1_000, level: event.level,
            message: "\(event.message)", metadata: merged, source: event.source)
        sink.write(line)
    }

    /// The JSON text of one record, without the newline (pure: tests check it directly).
    public static func line(
        epochMilliseconds: Double, level: Logger.Level, message: String, metadata: Logger.Metadata, source: String
    ) -> String {
        var object: JSONObject = [
            "ts": .string(RFC3339.format(epochMilliseconds: epochMilliseconds)),
            "level": .string(level.rawValue),
            "msg": .string(message),
        ]
        if !source.hasPrefix("Driftwatch") && !source.hasPrefix("driftwatch") && metadata["source"] == nil {
            object.append("source", .string(source))
        }
        for key in metadata.keys.sorted() where object[key] == nil {
            object.append(key, json(metadata[key]!))
        }
        return object.encodedString()
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let entries):
            .object(entries.keys.sorted().reduce(into: JSONObject()) { $0.append($1, json(entries[$1]!)) })
        }
    }
}

/// Where finished log lines go: one `write(2)` per line under a lock, so lines from different
/// threads never interleave (a record is one line even when stderr is a pipe).
public final class LogLineSink: Sendable {
    private let output: Mutex<(@Sendable ([UInt8]) -> Void)>

    /// Lines passed to `body`, newline included, one call at a time.
    public init(_ body: @escaping @Sendable ([UInt8]) -> Void) {
        output = Mutex(body)
    }

    public static let standardError = LogLineSink { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    public func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        output.withLock { $0(bytes) }
    }
}

/// write(2), named apart from `LogLineSink.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
