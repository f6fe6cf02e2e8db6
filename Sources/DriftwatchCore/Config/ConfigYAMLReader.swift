internal import Yams

/// Typed, strict access to Yams nodes: every failure becomes a one-sentence `ConfigError` naming
/// the file, the line (from the node's mark) and the key path.
struct ConfigYAMLReader {
    let file: String

    /// One key of a mapping, with the nodes (for their lines).
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
        let path: String
    }

    func error(_ node: Node?, _ path: String, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line, keyPath: path, reason: reason)
    }

    /// The entries of a mapping section, checked against `valid` keys (nil: any key).
    /// An empty section (`labels:` with nothing under it) counts as an empty mapping.
    func entries(_ node: Node, path: String, valid: [String]?) throws(ConfigError) -> [Entry] {
        if isNull(node) { return [] }
        guard case let .mapping(mapping) = node else {
            throw error(node, path, "\(sectionName(path)) must be a mapping of keys, not \(describe(node))")
        }
        var seen: Set<String> = []
        var result: [Entry] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode, kind(keyNode) != .null else {
                throw error(keyNode, path, "\(sectionName(path)) has a key that is not a name")
            }
            let key = scalar.string
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if let valid, !valid.contains(key) {
                let section = path.isEmpty ? "root" : path
                throw error(keyNode, keyPath,
                            "unknown key \"\(key)\" in section \(section); valid keys are \(valid.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else {
                throw error(keyNode, keyPath, "key \"\(key)\" appears twice in section \(path.isEmpty ? "root" : path)")
            }
            result.append(Entry(key: key, keyNode: keyNode, value: value, path: keyPath))
        }
        return result
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return kind(node) == .null }
        return false
    }

    func string(_ entry: Entry) throws(ConfigError) -> String {
        let node = entry.value
        guard case let .scalar(scalar) = node,
              kind(node) == .str || kind(node) == .int
        else { throw error(node, entry.path, "\(entry.path) must be a string, not \(describe(node))") }
        guard !scalar.string.isEmpty else {
            throw error(node, entry.path, "\(entry.path) must not be empty")
        }
        return scalar.string
    }

    /// A string, or nil for an explicit `null`.
    func optionalString(_ entry: Entry) throws(ConfigError) -> String? {
        isNull(entry.value) ? nil : try string(entry)
    }

    /// Any scalar as text (librdkafka property values: strings, numbers, booleans).
    func scalarText(_ entry: Entry) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = entry.value, !isNull(entry.value) else {
            throw error(entry.value, entry.path,
                        "\(entry.path) must be a string, number or boolean, not \(describe(entry.value))")
        }
        return scalar.string
    }

    func int(_ entry: Entry, atLeast minimum: Int, atMost maximum: Int = .max) throws(ConfigError) -> Int {
        let node = entry.value
        let value: Int?
        switch kind(node) {
        case .int: value = node.int
        case .float: value = node.float.flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil }
        default: value = nil
        }
        guard let value else {
            throw error(node, entry.path, "\(entry.path) must be an integer, not \(describe(node))")
        }
        try check(value >= minimum && value <= maximum, entry,
                  maximum == .max ? "at least \(minimum)" : "between \(minimum) and \(maximum)")
        return value
    }

    func double(_ entry: Entry) throws(ConfigError) -> Double {
        let node = entry.value
        guard kind(node) == .int || kind(node) == .float, let value = node.float, value.isFinite else {
            throw error(node, entry.path, "\(entry.path) must be a number, not \(describe(node))")
        }
        return value
    }

    /// A number in [0, 1] (rates, shares, relative drops).
    func fraction(_ entry: Entry) throws(ConfigError) -> Double {
        let value = try double(entry)
        try check(value >= 0 && value <= 1, entry, "a fraction between 0 and 1 (0.05 means 5%)")
        return value
    }

    func nonNegative(_ entry: Entry) throws(ConfigError) -> Double {
        let value = try double(entry)
        try check(value >= 0, entry, "zero or more")
        return value
    }

    func bool(_ entry: Entry) throws(ConfigError) -> Bool {
        guard kind(entry.value) == .bool, let value = entry.value.bool else {
            throw error(entry.value, entry.path, "\(entry.path) must be true or false, not \(describe(entry.value))")
        }
        return value
    }

    /// Seconds from "30s", "5m", "1h", "1d" or a number of seconds.
    func duration(_ entry: Entry) throws(ConfigError) -> Double {
        let node = entry.value
        var seconds: Double?
        if case let .scalar(scalar) = node {
            switch kind(node) {
            case .int, .float: seconds = node.float.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
            case .str: seconds = ConfigDuration.seconds(parsing: scalar.string)
            default: seconds = nil
            }
        }
        guard let seconds else {
            throw error(node, entry.path,
                        "\(entry.path) must be a duration like \"30s\", \"5m\", \"1h\", \"1d\" or a number of seconds, not \(describe(node))")
        }
        return seconds
    }

    func choice<T: RawRepresentable & CaseIterable>(_ entry: Entry, _: T.Type) throws(ConfigError) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard case let .scalar(scalar) = entry.value, let value = T(rawValue: scalar.string) else {
            throw error(entry.value, entry.path,
                        "\(entry.path) must be one of \(names.joined(separator: ", ")), not \(describe(entry.value))")
        }
        return value
    }

    func stringList(_ entry: Entry) throws(ConfigError) -> [String] {
        guard case let .sequence(sequence) = entry.value else {
            throw error(entry.value, entry.path, "\(entry.path) must be a list of names, not \(describe(entry.value))")
        }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            result.append(try string(Entry(key: "\(index)", keyNode: item, value: item,
                                           path: "\(entry.path)[\(index)]")))
        }
        return result
    }

    func check(_ condition: Bool, _ entry: Entry, _ expectation: String) throws(ConfigError) {
        guard condition else {
            throw error(entry.value, entry.path, "\(entry.path) must be \(expectation), not \(describe(entry.value))")
        }
    }

    /// The node's resolved tag name (Yams keeps `Tag.name` internal; its description is the name).
    func kind(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.description)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            return kind(node) == .null ? "null" : "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func sectionName(_ path: String) -> String {
        path.isEmpty ? "the configuration" : "section \(path)"
    }
}
