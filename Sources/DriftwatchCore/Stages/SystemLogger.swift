/// Throughput, latency, errors and LLM usage of one window, for the alert rules.
public struct SystemFindings: Sendable, Equatable {
    public var events: Int
    public var errors: Int
    public var errorRate: Double
    public var latencyP99: Double
    public var llmRequests: Int
    public var llmCostPerRequest: Double
    /// Share of LLM requests with finish_reason "length".
    public var llmTruncationShare: Double
}

/// Stage 3: the system logger (SPEC section 6): events, errors, latency percentiles, event-time
/// throughput, per version counters for A/B comparison, LLM tokens, cost, TTFT, finish reasons.
public struct SystemLogger: Sendable {
    public static let stage = "system_logger"
    public let modelID: String
    public let settings: StageSettings

    public init(modelID: String, settings: StageSettings) {
        self.modelID = modelID
        self.settings = settings
    }

    public func analyze(
        _ window: ClosedWindow, modelVersion: String?, symbols: SymbolTable
    ) -> (report: JSONObject, findings: SystemFindings) {
        let b = window.buffer
        var report = StageReport.header(
            stage: Self.stage, modelID: modelID, modelVersion: modelVersion, window: window.info)
        let errorRate = b.events > 0 ? Double(b.errors) / Double(b.events) : 0
        report["events"] = .int(b.events)
        report["errors"] = .int(b.errors)
        report["error_rate"] = .number(errorRate)
        let latency = LatencySummary(latencies: b.latencies)
        report["latency_ms"] = .object([
            "p50": StageReport.num(latency.p50), "p95": StageReport.num(latency.p95),
            "p99": StageReport.num(latency.p99), "max": StageReport.num(latency.max),
            "mean": StageReport.num(latency.mean),
        ])
        let spanSeconds = (b.endTimeMs - b.startTimeMs) / 1000
        report["throughput_eps"] = spanSeconds > 0 ? .number(Double(b.events) / spanSeconds) : .null
        var versions: [(String, JSONValue)] = []
        for v in b.versions {
            let name = v.version.map { symbols.string(for: $0) } ?? "unknown"
            let p95 = LatencySummary(latencies: v.latencies).p95
            versions.append((name, .object([
                "events": .int(v.events),
                "error_rate": .number(v.events > 0 ? Double(v.errors) / Double(v.events) : 0),
                "latency_p95": StageReport.num(p95),
            ])))
        }
        var versionObject = JSONObject()
        for (name, value) in versions.sorted(by: { $0.0 < $1.0 }) { versionObject[name] = value }
        report["versions"] = .object(versionObject)
        if !b.errorMessages.isEmpty {
            var errors = JSONObject()
            for key in b.errorMessages.keys.sorted() { errors[key] = .int(b.errorMessages[key]!) }
            report["error_messages"] = .object(errors)
        }

        var costPerRequest = 0.0
        var truncation = 0.0
        let llm = b.llm
        if llm.requests > 0 {
            var cost = llm.statedCostUSD
            for (model, tokens) in llm.unpricedTokens {
                let name = model.map { symbols.string(for: $0) } ?? ""
                if let price = settings.llmPricing[name] {
                    cost += (tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000
                }
            }
            costPerRequest = cost / Double(llm.requests)
            var reasons = JSONObject()
            var byName: [String: Int] = [:]
            for (s, n) in llm.finishReasons { byName[symbols.string(for: s), default: 0] += n }
            for key in byName.keys.sorted() { reasons[key] = .int(byName[key]!) }
            truncation = Double(byName["length"] ?? 0) / Double(llm.requests)
            let ttft = LatencySummary(latencies: llm.ttftMs)
            report["llm"] = .object([
                "requests": .int(llm.requests),
                "prompt_tokens": .number(llm.promptTokens),
                "completion_tokens": .number(llm.completionTokens),
                "cost_usd": .number(cost),
                "ttft_ms": .object(["p50": StageReport.num(ttft.p50), "p95": StageReport.num(ttft.p95)]),
                "finish_reasons": .object(reasons),
            ])
        }
        let findings = SystemFindings(
            events: b.events, errors: b.errors, errorRate: errorRate, latencyP99: latency.p99,
            llmRequests: llm.requests, llmCostPerRequest: costPerRequest, llmTruncationShare: truncation)
        return (report, findings)
    }
}
