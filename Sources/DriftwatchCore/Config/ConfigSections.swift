internal import Yams

/// Section parsers for `DriftwatchConfig.load`: each takes its root entry and the strict reader.
extension DriftwatchConfig {
    typealias Entry = ConfigYAMLReader.Entry

    static func parseKafka(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Kafka {
        var kafka = Kafka()
        for entry in try r.entries(section.value, path: section.path, valid: ["brokers", "group_id", "properties"]) {
            switch entry.key {
            case "brokers": kafka.brokers = try r.string(entry)
            case "group_id": kafka.groupID = try r.string(entry)
            default:
                for property in try r.entries(entry.value, path: entry.path, valid: nil) {
                    kafka.properties[property.key] = try r.scalarText(property)
                }
            }
        }
        return kafka
    }

    static func parseTopics(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Topics {
        var topics = Topics()
        let valid = ["predictions", "labels", "alerts", "retrain", "reports", "dead_letter", "summaries", "state"]
        var entries: [String: Entry] = [:]
        for entry in try r.entries(section.value, path: section.path, valid: valid) {
            entries[entry.key] = entry
            if let name = try r.optionalString(entry) {
                try r.check(isKafkaTopicName(name), entry,
                            "a Kafka topic name (letters, digits, \".\", \"_\", \"-\"; at most 249)")
            }
            switch entry.key {
            case "predictions": topics.predictions = try r.string(entry)
            case "labels": topics.labels = try r.optionalString(entry)
            case "alerts": topics.alerts = try r.string(entry)
            case "retrain": topics.retrain = try r.string(entry)
            case "reports": topics.reports = try r.optionalString(entry)
            case "summaries": topics.summaries = try r.string(entry)
            case "state": topics.state = try r.string(entry)
            default: topics.deadLetter = try r.string(entry)
            }
        }
        // An output topic that is also an input would feed the worker its own messages.
        let inputs = [("predictions", topics.predictions), ("labels", topics.labels)]
        let outputs = [("alerts", Optional(topics.alerts)), ("retrain", topics.retrain), ("reports", topics.reports),
                       ("dead_letter", topics.deadLetter), ("summaries", topics.summaries), ("state", topics.state)]
        for (outputKey, output) in outputs {
            for (inputKey, input) in inputs where output != nil && output == input {
                let entry = entries[outputKey] ?? entries[inputKey] ?? section
                throw r.error(entry.value, "topics.\(outputKey)",
                              "topics.\(outputKey) and topics.\(inputKey) are both \"\(output!)\"; an output topic must not be an input topic")
            }
        }
        return topics
    }

    static func isKafkaTopicName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 249 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func parseWindow(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Window {
        var window = Window()
        var minEntry: Entry?
        for entry in try r.entries(section.value, path: section.path, valid: ["size", "max_age", "min_events"]) {
            switch entry.key {
            case "size": window.size = try r.int(entry, atLeast: 1)
            case "max_age":
                if r.isNull(entry.value) { window.maxAgeSeconds = nil; continue }
                let seconds = try r.duration(entry)
                try r.check(seconds > 0, entry, "a positive duration")
                window.maxAgeSeconds = seconds
            default:
                window.minEvents = try r.int(entry, atLeast: 1)
                minEntry = entry
            }
        }
        if let minEntry, window.minEvents > window.size {
            try r.check(false, minEntry, "at most window.size (\(window.size))")
        }
        if minEntry == nil { window.minEvents = min(window.minEvents, window.size) }
        return window
    }

    static func parseModels(
        _ section: Entry, _ r: ConfigYAMLReader, configPath: String, fileExists: (String) -> Bool
    ) throws(ConfigError) -> [String: Model] {
        var models: [String: Model] = [:]
        let entries = try r.entries(section.value, path: section.path, valid: nil)
        guard !entries.isEmpty else {
            throw r.error(section.value, section.path, "section models is empty; name at least one model and its reference file")
        }
        for modelEntry in entries {
            models[modelEntry.key] = try parseModel(modelEntry, r, configPath: configPath, fileExists: fileExists)
        }
        return models
    }

    private static func parseModel(
        _ section: Entry, _ r: ConfigYAMLReader, configPath: String, fileExists: (String) -> Bool
    ) throws(ConfigError) -> Model {
        var model = Model(reference: "")
        var sawReference = false
        let valid = ["reference", "features", "ignore", "prediction_type"]
        for entry in try r.entries(section.value, path: section.path, valid: valid) {
            switch entry.key {
            case "reference":
                let written = try r.string(entry)
                let resolved = resolve(reference: written, configPath: configPath)
                guard fileExists(resolved) else {
                    let shown = resolved == written ? "\"\(written)\"" : "\"\(written)\" (\(resolved))"
                    throw r.error(entry.value, entry.path,
                                  "\(entry.path) names \(shown), which does not exist; build it with \"driftwatch reference build\"")
                }
                model.reference = resolved
                model.referenceLine = entry.keyNode.mark?.line
                sawReference = true
            case "features":
                for feature in try r.entries(entry.value, path: entry.path, valid: nil) {
                    model.features[feature.key] = try parseFeature(feature, r)
                    model.featureLines[feature.key] = feature.keyNode.mark?.line
                }
            case "ignore": model.ignore = try r.stringList(entry)
            default: model.predictionType = try r.choice(entry, PredictionType.self)
            }
        }
        guard sawReference else {
            throw r.error(section.keyNode, section.path,
                          "\(section.path) has no reference; give the path of its reference profile JSON")
        }
        return model
    }

    private static func parseFeature(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Feature {
        var feature = Feature()
        var thresholdEntry: Entry?
        var modeEntry: Entry?
        let valid = ["type", "method", "warning", "critical", "required", "thresholds"]
        for entry in try r.entries(section.value, path: section.path, valid: valid) {
            switch entry.key {
            case "type": feature.type = try r.choice(entry, FeatureType.self)
            case "thresholds":
                feature.thresholdMode = try r.choice(entry, ThresholdMode.self)
                feature.thresholdsLine = entry.keyNode.mark?.line
                modeEntry = entry
            case "method": feature.method = try r.choice(entry, DriftMethod.self)
            case "warning": feature.warning = try r.nonNegative(entry); thresholdEntry = entry
            case "critical": feature.critical = try r.nonNegative(entry); thresholdEntry = entry
            default: feature.required = try r.bool(entry)
            }
        }
        if let modeEntry, feature.thresholdMode == .adaptive {
            if let thresholdEntry {
                throw r.error(thresholdEntry.keyNode, thresholdEntry.path,
                              "\(thresholdEntry.path) conflicts with \(modeEntry.path): adaptive; give fixed warning/critical or adaptive thresholds, not both")
            }
            try r.check(!feature.method.isPValue, modeEntry,
                        "fixed for method \(feature.method.rawValue) (adaptive thresholds need a score method: psi, wasserstein or js)")
        }
        if let thresholdEntry {
            let warning = feature.thresholds.warning, critical = feature.thresholds.critical
            if feature.method.isPValue {
                try r.check(critical <= warning && warning <= 1, thresholdEntry,
                            "p-values with critical <= warning <= 1 for method \(feature.method.rawValue) (drift below them)")
            } else {
                try r.check(warning <= critical, thresholdEntry,
                            "scores with warning <= critical for method \(feature.method.rawValue) (drift at or above them)")
            }
        }
        return feature
    }

    static func parseAlerts(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Alerts {
        var alerts = Alerts()
        let valid = ["cooldown", "drift_share", "missing_rate", "out_of_range_rate", "type_error_rate", "latency_p99_ms",
                     "error_rate", "performance_drop", "llm_cost_per_request", "llm_truncation",
                     "llm_daily_budget"]
        for entry in try r.entries(section.value, path: section.path, valid: valid) {
            switch entry.key {
            case "cooldown": alerts.cooldownSeconds = try r.duration(entry)
            case "drift_share": alerts.driftShare = try r.fraction(entry)
            case "missing_rate": alerts.missingRate = try r.fraction(entry)
            case "out_of_range_rate": alerts.outOfRangeRate = try r.fraction(entry)
            case "type_error_rate": alerts.typeErrorRate = try r.fraction(entry)
            case "latency_p99_ms": alerts.latencyP99Ms = try tiers(entry, r, default: alerts.latencyP99Ms, fraction: false)
            case "error_rate": alerts.errorRate = try tiers(entry, r, default: alerts.errorRate, fraction: true)
            case "performance_drop":
                alerts.performanceDrop = try tiers(entry, r, default: alerts.performanceDrop, fraction: true)
            case "llm_cost_per_request": alerts.llmCostPerRequest = try r.nonNegative(entry)
            case "llm_daily_budget":
                if r.isNull(entry.value) { alerts.llmDailyBudgetUSD = nil; continue }
                let budget = try r.nonNegative(entry)
                try r.check(budget > 0, entry, "a positive amount of USD (or null for no budget)")
                alerts.llmDailyBudgetUSD = budget
            default: alerts.llmTruncation = try r.fraction(entry)
            }
        }
        return alerts
    }

    private static func tiers(
        _ section: Entry, _ r: ConfigYAMLReader, default value: Tiers, fraction: Bool
    ) throws(ConfigError) -> Tiers {
        var tiers = value
        var last: Entry?
        for entry in try r.entries(section.value, path: section.path, valid: ["warning", "critical"]) {
            let number = fraction ? try r.fraction(entry) : try r.nonNegative(entry)
            if entry.key == "warning" { tiers.warning = number } else { tiers.critical = number }
            last = entry
        }
        if let last {
            try r.check(tiers.warning <= tiers.critical, last, "at least warning (\(tiers.warning)) for critical")
        }
        return tiers
    }

    static func parseRetrain(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Retrain {
        var retrain = Retrain()
        var last: Entry?
        let valid = ["enabled", "cooldown", "immediate_drop", "rollback_drop", "dag_id"]
        for entry in try r.entries(section.value, path: section.path, valid: valid) {
            switch entry.key {
            case "enabled": retrain.enabled = try r.bool(entry)
            case "cooldown": retrain.cooldownSeconds = try r.duration(entry)
            case "immediate_drop": retrain.immediateDrop = try r.fraction(entry); last = entry
            case "rollback_drop": retrain.rollbackDrop = try r.fraction(entry); last = entry
            default: retrain.dagID = try r.optionalString(entry)
            }
        }
        if let last {
            try r.check(retrain.immediateDrop <= retrain.rollbackDrop, last,
                        "such that immediate_drop <= rollback_drop")
        }
        return retrain
    }

    static func parseLabels(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> Labels {
        var labels = Labels()
        for entry in try r.entries(section.value, path: section.path, valid: ["max_pending", "max_early", "ttl"]) {
            switch entry.key {
            case "max_pending": labels.maxPending = try r.int(entry, atLeast: 1)
            case "max_early": labels.maxEarly = try r.int(entry, atLeast: 1)
            default: labels.ttlSeconds = try r.duration(entry)
            }
        }
        return labels
    }

    static func parsePricing(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> [String: LLMPrice] {
        var pricing: [String: LLMPrice] = [:]
        for model in try r.entries(section.value, path: section.path, valid: nil) {
            var price = LLMPrice(inputPerMillion: 0, outputPerMillion: 0)
            var seen: Set<String> = []
            let valid = ["input_per_million", "output_per_million"]
            for entry in try r.entries(model.value, path: model.path, valid: valid) {
                let value = try r.nonNegative(entry)
                if entry.key == "input_per_million" { price.inputPerMillion = value } else { price.outputPerMillion = value }
                seen.insert(entry.key)
            }
            if let absent = valid.first(where: { !seen.contains($0) }) {
                throw r.error(model.keyNode, "\(model.path).\(absent)", "\(model.path) is missing \(absent) (USD per million tokens)")
            }
            pricing[model.key] = price
        }
        return pricing
    }

    static func parseHTTP(_ section: Entry, _ r: ConfigYAMLReader) throws(ConfigError) -> HTTP {
        var http = HTTP()
        for entry in try r.entries(section.value, path: section.path, valid: ["enabled", "address", "port"]) {
            switch entry.key {
            case "enabled": http.enabled = try r.bool(entry)
            case "address": http.address = try r.string(entry)
            default: http.port = try r.int(entry, atLeast: 0, atMost: 65_535)
            }
        }
        return http
    }
}
