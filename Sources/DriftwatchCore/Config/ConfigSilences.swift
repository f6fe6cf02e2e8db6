internal import Yams

extension DriftwatchConfig {
    /// One `silences` entry: alerts of `modelID` (nil: every model) and `type` (nil: every type)
    /// whose event time lies in [from, to) are suppressed (counted and logged, not published).
    public struct Silence: Sendable, Equatable {
        public var modelID: String?
        public var type: AlertType?
        /// Event time in epoch milliseconds, `from` inclusive, `to` exclusive.
        public var fromMs: Double
        public var toMs: Double
        /// Why (free text, for the log line).
        public var comment: String?
        /// Line of the entry in the file, for messages about it.
        public var line: Int?

        public init(modelID: String? = nil, type: AlertType? = nil, fromMs: Double, toMs: Double,
                    comment: String? = nil, line: Int? = nil) {
            self.modelID = modelID
            self.type = type
            self.fromMs = fromMs
            self.toMs = toMs
            self.comment = comment
            self.line = line
        }
    }

    /// `runbooks`: alert type → http(s) URL.
    static func parseRunbooks(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> [AlertType: String] {
        var runbooks: [AlertType: String] = [:]
        for entry in try r.entries(section.value, path: section.path, valid: AlertType.allCases.map(\.rawValue)) {
            let url = try r.string(entry)
            try r.check(url.hasPrefix("https://") || url.hasPrefix("http://"), entry, "an http:// or https:// URL")
            runbooks[AlertType(rawValue: entry.key)!] = url
        }
        return runbooks
    }

    /// `silences`: a list of {model, type, from, to, comment}; from and to are RFC 3339
    /// date-times of event time with from < to.
    static func parseSilences(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> [Silence] {
        if r.isNull(section.value) { return [] }
        guard case let .sequence(items) = section.value else {
            throw r.error(section.value, section.path,
                          "silences must be a list of matchers like {model: m, type: feature_drift, from: 2026-12-03T00:00:00Z, to: 2026-12-04T00:00:00Z}, not \(r.describe(section.value))")
        }
        var silences: [Silence] = []
        for (index, item) in items.enumerated() {
            let path = "\(section.path)[\(index)]"
            var silence = Silence(fromMs: .nan, toMs: .nan, line: item.mark?.line)
            var toEntry: Entry?
            for entry in try r.entries(item, path: path, valid: ["model", "type", "from", "to", "comment"]) {
                switch entry.key {
                case "model": silence.modelID = try r.string(entry)
                case "type": silence.type = try r.choice(entry, AlertType.self)
                case "from": silence.fromMs = try time(entry, r)
                case "to": silence.toMs = try time(entry, r); toEntry = entry
                default: silence.comment = try r.optionalString(entry)
                }
            }
            for (key, value) in [("from", silence.fromMs), ("to", silence.toMs)] where value.isNaN {
                throw r.error(item, "\(path).\(key)", "\(path) has no \(key); give an RFC 3339 date-time of event time")
            }
            if let toEntry {
                try r.check(silence.fromMs < silence.toMs, toEntry, "later than \(path).from")
            }
            silences.append(silence)
        }
        return silences
    }

    /// An RFC 3339 date-time (YAML may have resolved it as a timestamp; its text is kept).
    private static func time(_ entry: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Double {
        guard case let .scalar(scalar) = entry.value, let ms = RFC3339.epochMilliseconds(scalar.string) else {
            throw r.error(entry.value, entry.path,
                          "\(entry.path) must be an RFC 3339 date-time like 2026-12-03T00:00:00Z, not \(r.describe(entry.value))")
        }
        return ms
    }

    /// A silence naming a model the configuration does not monitor would silence nothing.
    static func checkSilenceModels(_ config: DriftwatchConfig, file: String) throws(ConfigError) {
        for (index, silence) in config.silences.enumerated() {
            guard let model = silence.modelID, config.models[model] == nil else { continue }
            throw ConfigError(file: file, line: silence.line, keyPath: "silences[\(index)].model",
                              reason: "silences[\(index)].model is \"\(model)\", which is not in models (\(config.modelIDs.joined(separator: ", "))); a silence for it would silence nothing")
        }
    }
}
