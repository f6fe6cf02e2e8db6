/// The state record's JSON: compact, deterministic (maps written as arrays sorted by key, alert
/// types in `AlertType` order), and read back exactly (numbers round-trip through `JSONWriter`'s
/// shortest digits and the correctly rounded parser).
///
///     {"kind":"model_state","format_version":1,"model_id":"fraud","window_index":5,
///      "next_expected":[{"partition":0,"index":7},{"partition":1,"index":6}],"excluded":[],
///      "cooldowns":[{"type":"feature_drift","time_ms":1767229200000,"severity":"warning"}],
///      "retrain":null,"trend":[{"window":4,"values":{"feature_drift":0.4,"error_rate":0}}],
///      "llm_budget":{"day":20454,"cost_usd":85.2,"sent":"warning"}}       (llm_budget only when tracked)
extension ModelState {
    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "model state: \(reason)" }
    }

    public var jsonObject: JSONObject {
        var object: JSONObject = [
            "kind": "model_state",
            "format_version": .int(formatVersion),
            "model_id": .string(modelID),
            "window_index": .int(windowIndex),
            "next_expected": .array(nextExpected.keys.sorted().map {
                ["partition": .int(Int($0)), "index": .int(nextExpected[$0]!)]
            }),
            "excluded": .array(excluded.sorted().map { .int(Int($0)) }),
            "cooldowns": .array(AlertType.allCases.compactMap { type in
                cooldowns[type].map {
                    ["type": .string(type.rawValue), "time_ms": .number($0.timeMs), "severity": .string($0.severity.rawValue)]
                }
            }),
            "retrain": retrain.map { ["time_ms": .number($0.timeMs), "urgency": .string($0.urgency.rawValue)] } ?? .null,
            "trend": Self.trendJSON(trend),
        ]
        // Only once the model has LLM spend under a budget: other models' records keep their
        // bytes, and a reader of format 1 without it reads an untracked day.
        if let llmBudget {
            object["llm_budget"] = ["day": .int(llmBudget.day), "cost_usd": .number(llmBudget.costUSD),
                                    "sent": .string(llmBudget.sent.rawValue)]
        }
        if let p = performance {
            object["performance"] = [
                "window_index": .int(p.windowIndex),
                "next_expected": .array(p.nextExpected.keys.sorted().map {
                    ["partition": .int(Int($0)), "index": .int(p.nextExpected[$0]!)]
                }),
                "excluded": .array(p.excluded.sorted().map { .int(Int($0)) }),
                "trend": Self.trendJSON(p.trend),
            ]
        }
        return object
    }

    private static func trendJSON(_ trend: ModelTrendHistory) -> JSONValue {
        .array(trend.points.map { point in
            var values = JSONObject()
            for type in AlertType.allCases {
                if let value = point.values[type] { values[type.rawValue] = .number(value) }
            }
            return ["window": .int(point.window), "values": .object(values)]
        })
    }

    /// The state topic's message value.
    public var jsonBytes: [UInt8] { jsonObject.encodedBytes() }

    public init(jsonBytes: [UInt8]) throws(DecodeError) {
        let root: JSONValue
        do { root = try JSONValue.parse(jsonBytes) } catch { throw DecodeError(reason: "not JSON (\(error))") }
        guard case .object = root else { throw DecodeError(reason: "not a JSON object") }
        guard root["kind"]?.stringValue == "model_state" else { throw DecodeError(reason: "kind is not \"model_state\"") }
        let version = try Self.int(root["format_version"], "format_version")
        guard version == Self.currentFormatVersion else {
            throw DecodeError(reason: "format_version \(version) is not \(Self.currentFormatVersion)")
        }
        guard let modelID = root["model_id"]?.stringValue else { throw DecodeError(reason: "model_id missing") }
        self.init(modelID: modelID, windowIndex: try Self.int(root["window_index"], "window_index"), formatVersion: version)
        for entry in try Self.array(root["next_expected"], "next_expected") {
            let partition = try Self.int(entry["partition"], "next_expected.partition")
            nextExpected[Int32(clamping: partition)] = try Self.int(entry["index"], "next_expected.index")
        }
        for entry in try Self.array(root["excluded"], "excluded") {
            excluded.insert(Int32(clamping: try Self.int(entry, "excluded")))
        }
        for entry in try Self.array(root["cooldowns"], "cooldowns") {
            let type = try Self.enumeration(entry["type"], "cooldowns.type", AlertType.init(rawValue:))
            let severity = try Self.enumeration(entry["severity"], "cooldowns.severity", Severity.init(rawValue:))
            cooldowns[type] = AlertCooldown.Entry(timeMs: try Self.number(entry["time_ms"], "cooldowns.time_ms"), severity: severity)
        }
        if let entry = root["retrain"], entry != .null {
            retrain = RetrainPolicy.Entry(
                timeMs: try Self.number(entry["time_ms"], "retrain.time_ms"),
                urgency: try Self.enumeration(entry["urgency"], "retrain.urgency", RetrainUrgency.init(rawValue:)))
        }
        trend = try Self.trend(root["trend"], "trend")
        if let p = root["performance"], p != .null {
            var performance = Performance(
                windowIndex: try Self.int(p["window_index"], "performance.window_index"), nextExpected: [:],
                excluded: [], trend: try Self.trend(p["trend"], "performance.trend"))
            for entry in try Self.array(p["next_expected"], "performance.next_expected") {
                let partition = try Self.int(entry["partition"], "performance.next_expected.partition")
                performance.nextExpected[Int32(clamping: partition)] = try Self.int(entry["index"], "performance.next_expected.index")
            }
            for entry in try Self.array(p["excluded"], "performance.excluded") {
                performance.excluded.insert(Int32(clamping: try Self.int(entry, "performance.excluded")))
            }
            self.performance = performance
        }
        if let entry = root["llm_budget"], entry != .null {
            llmBudget = LLMBudgetState(
                day: try Self.int(entry["day"], "llm_budget.day"),
                costUSD: try Self.number(entry["cost_usd"], "llm_budget.cost_usd"),
                sent: try Self.enumeration(entry["sent"], "llm_budget.sent", Severity.init(rawValue:)))
        }
    }

    private static func trend(_ value: JSONValue?, _ name: String) throws(DecodeError) -> ModelTrendHistory {
        var points: [ModelTrendHistory.Point] = []
        for entry in try array(value, name) {
            guard let object = entry["values"]?.objectValue else { throw DecodeError(reason: "\(name).values missing") }
            var values: [AlertType: Double] = [:]
            for (key, value) in object.members {
                // Unknown types come from a newer writer of the same format: skip, do not fail.
                guard let type = AlertType(rawValue: key) else { continue }
                values[type] = try number(value, "\(name).values.\(key)")
            }
            points.append(.init(window: try int(entry["window"], "\(name).window"), values: values))
        }
        return ModelTrendHistory(points: points)
    }

    private static func number(_ value: JSONValue?, _ name: String) throws(DecodeError) -> Double {
        guard let number = value?.doubleValue else { throw DecodeError(reason: "\(name) is not a number") }
        return number
    }

    private static func int(_ value: JSONValue?, _ name: String) throws(DecodeError) -> Int {
        let number = try number(value, name)
        guard number == number.rounded(), abs(number) < 0x1p53 else { throw DecodeError(reason: "\(name) is not an integer") }
        return Int(number)
    }

    private static func array(_ value: JSONValue?, _ name: String) throws(DecodeError) -> [JSONValue] {
        guard let array = value?.arrayValue else { throw DecodeError(reason: "\(name) is not an array") }
        return array
    }

    private static func enumeration<T>(_ value: JSONValue?, _ name: String, _ make: (String) -> T?) throws(DecodeError) -> T {
        guard let text = value?.stringValue, let result = make(text) else {
            throw DecodeError(reason: "\(name) is not one of the known values")
        }
        return result
    }
}
