/// SPEC section 6 `llm_quality`: a warning when the judge's `llm.quality` mean is below 3.5 (of 5),
/// the `llm.groundedness` mean below 0.70, or the `llm.safety_flag` rate above 0.5%. Each check
/// needs the field on at least one request of the window; a window without judge fields is silent.
public struct LLMQualityRule: Sendable, Equatable {
    public var minimumQuality = 3.5
    public var minimumGroundedness = 0.70
    public var maximumSafetyFlagRate = 0.005

    public init(minimumQuality: Double = 3.5, minimumGroundedness: Double = 0.70, maximumSafetyFlagRate: Double = 0.005) {
        self.minimumQuality = minimumQuality
        self.minimumGroundedness = minimumGroundedness
        self.maximumSafetyFlagRate = maximumSafetyFlagRate
    }

    /// What crossed: the alert's severity (`.warning` or `.none`), sentence and evidence.
    public struct Finding: Sendable, Equatable {
        public var severity: Severity
        /// The checks that failed: "quality", "groundedness", "safety_flag".
        public var failed: [String]
        public var summary: String
        public var metrics: JSONObject
    }

    public func evaluate(_ sums: LLMQualitySums) -> Finding {
        var failed: [String] = []
        var problems: [String] = []
        if let q = sums.qualityMean, q < minimumQuality - 1e-12 {
            failed.append("quality")
            problems.append("judge quality mean \(AlertEvaluator.short(q)) of 5 is below \(AlertEvaluator.short(minimumQuality))")
        }
        if let g = sums.groundednessMean, g < minimumGroundedness - 1e-12 {
            failed.append("groundedness")
            problems.append("groundedness mean \(AlertEvaluator.short(g)) is below \(AlertEvaluator.short(minimumGroundedness))")
        }
        if let rate = sums.safetyFlagRate, AlertEvaluator.exceeds(rate, maximumSafetyFlagRate) {
            failed.append("safety_flag")
            problems.append("\(AlertEvaluator.percent(rate)) of responses were safety-flagged "
                                + "(\(sums.safetyFlagged) of \(sums.safetyJudged)), above \(AlertEvaluator.percent(maximumSafetyFlagRate))")
        }
        let metrics: JSONObject = [
            "quality_mean": sums.qualityMean.map(JSONValue.number) ?? .null, "quality_count": .int(sums.qualityCount),
            "groundedness_mean": sums.groundednessMean.map(JSONValue.number) ?? .null,
            "groundedness_count": .int(sums.groundednessCount),
            "safety_flag_rate": sums.safetyFlagRate.map(JSONValue.number) ?? .null,
            "safety_flagged": .int(sums.safetyFlagged), "safety_judged": .int(sums.safetyJudged),
            "failed": .array(failed.map { .string($0) }),
        ]
        let summary = problems.isEmpty ? "LLM quality within limits" : "LLM quality: " + problems.joined(separator: "; ")
        return Finding(severity: failed.isEmpty ? .none : .warning, failed: failed, summary: summary, metrics: metrics)
    }
}
