internal import Yams

extension DriftwatchConfig {
    /// Root sections, in the order messages list them.
    public static let sectionNames = [
        "kafka", "topics", "window", "models", "alerts", "retrain", "labels", "llm_pricing", "http",
        "runbooks", "silences",
    ]

    /// Parses and strictly validates a configuration file (SPEC section 8).
    ///
    /// The caller reads the file; this function does no I/O of its own.
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - path: the file's path as the user gave it; named in errors, and relative reference
    ///     paths are resolved against its directory (`pipelines/example.yaml` +
    ///     `references/m.json` → `pipelines/references/m.json`).
    ///   - environment: process environment; `DRIFTWATCH_BROKERS` and `DRIFTWATCH_GROUP_ID`
    ///     override `kafka.brokers` and `kafka.group_id`.
    ///   - fileExists: tells whether a (resolved) reference path exists.
    /// - Throws: `ConfigError`, one sentence naming file, line and key.
    public static func load(
        yaml: String,
        path: String,
        environment: [String: String] = [:],
        fileExists: (String) -> Bool
    ) throws(ConfigError) -> DriftwatchConfig {
        let reader = ConfigYAMLReader(file: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxError(error, file: path)
        }
        guard let root, !reader.isNull(root) else {
            throw ConfigError(file: path, line: nil, keyPath: "",
                              reason: "the configuration is empty; it needs at least a models section")
        }
        var config = DriftwatchConfig()
        config.sourcePath = path
        var sawModels = false
        for entry in try reader.entries(root, path: "", valid: sectionNames) {
            switch entry.key {
            case "kafka": config.kafka = try parseKafka(entry, reader)
            case "topics": config.topics = try parseTopics(entry, reader)
            case "window": config.window = try parseWindow(entry, reader)
            case "models":
                config.models = try parseModels(entry, reader, configPath: path, fileExists: fileExists)
                sawModels = true
            case "alerts": config.alerts = try parseAlerts(entry, reader)
            case "retrain": config.retrain = try parseRetrain(entry, reader)
            case "labels": config.labels = try parseLabels(entry, reader)
            case "llm_pricing": config.llmPricing = try parsePricing(entry, reader)
            case "runbooks": config.runbooks = try parseRunbooks(entry, reader)
            case "silences": config.silences = try parseSilences(entry, reader)
            default: config.http = try parseHTTP(entry, reader)
            }
        }
        guard sawModels else {
            throw ConfigError(file: path, line: root.mark?.line, keyPath: "models",
                              reason: "section models is missing; name at least one model and its reference file")
        }
        try checkSilenceModels(config, file: path)
        try applyEnvironment(environment, to: &config, file: path)
        return config
    }

    /// Resolves a reference path against the configuration file's directory.
    public static func resolve(reference: String, configPath: String) -> String {
        if reference.hasPrefix("/") { return reference }
        guard let slash = configPath.lastIndex(of: "/") else { return reference }
        return String(configPath[...slash]) + reference
    }

    private static func syntaxError(_ error: any Error, file: String) -> ConfigError {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _),
                 let .composer(_, problem, mark, _):
                return ConfigError(file: file, line: mark.line, keyPath: "", reason: "YAML syntax error: \(problem)")
            case let .duplicatedKeysInMapping(duplicates, context):
                let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                return ConfigError(file: file, line: context.mark.line, keyPath: duplicates.sorted().first ?? "",
                                   reason: "key \(keys) appears twice in the same section (here and again later)")
            default:
                break
            }
        }
        return ConfigError(file: file, line: nil, keyPath: "", reason: "not valid YAML: \(error)")
    }

    private static func applyEnvironment(
        _ environment: [String: String], to config: inout DriftwatchConfig, file: String
    ) throws(ConfigError) {
        for (name, keyPath) in [("DRIFTWATCH_BROKERS", "kafka.brokers"), ("DRIFTWATCH_GROUP_ID", "kafka.group_id")] {
            guard let value = environment[name] else { continue }
            let trimmed = value.filter { $0 != " " }
            guard !trimmed.isEmpty else {
                throw ConfigError(file: file, line: nil, keyPath: keyPath,
                                  reason: "environment variable \(name) is set but empty; unset it or give a value for \(keyPath)")
            }
            if name == "DRIFTWATCH_BROKERS" { config.kafka.brokers = trimmed } else { config.kafka.groupID = value }
        }
        // The image's health check reads the same variable, so the port it probes and the port we
        // listen on cannot disagree.
        if let value = environment["DRIFTWATCH_HTTP_PORT"] {
            guard let port = Int(value.filter { $0 != " " }), (0...65_535).contains(port) else {
                throw ConfigError(file: file, line: nil, keyPath: "http.port",
                                  reason: "environment variable DRIFTWATCH_HTTP_PORT is \"\(value)\"; give a port number from 0 to 65535")
            }
            config.http.port = port
        }
    }
}
