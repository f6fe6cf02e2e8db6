/// A configuration mistake that stops start-up (SPEC section 8).
///
/// Its description is one sentence naming the file, the line, the key path and what is wrong,
/// for example `pipelines/example.yaml line 12: unknown key "windw" in section root; valid keys
/// are kafka, topics, window, models, alerts, retrain, labels, llm_pricing, http, runbooks, silences`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file as the caller named it.
    public var file: String
    /// 1-based line of the offending key or value; nil when the problem has no single place
    /// (an environment variable, an empty file).
    public var line: Int?
    /// Dotted key path, e.g. `window.size` or `models.fraud-detector.reference`; "" for the root.
    public var keyPath: String
    /// What is wrong, without the file and line prefix.
    public var reason: String

    public init(file: String, line: Int?, keyPath: String, reason: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.reason = reason
    }

    public var description: String {
        if let line {
            return "\(file) line \(line): \(reason)"
        }
        return "\(file): \(reason)"
    }
}
