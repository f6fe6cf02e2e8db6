/// Mergeable sums of the optional LLM judge fields (SPEC section 3: `llm.quality` 0–5,
/// `llm.groundedness` 0–1, `llm.safety_flag`), whylogs-style zero/update/merge: a partition
/// window fills one, the model stage merges them, `LLMQualityRule` judges the means.
public struct LLMQualitySums: Sendable, Equatable, Codable {
    public var qualitySum = 0.0
    /// Requests that carried `llm.quality`.
    public var qualityCount = 0
    public var groundednessSum = 0.0
    public var groundednessCount = 0
    /// Requests with `llm.safety_flag: true`.
    public var safetyFlagged = 0
    /// Requests that carried `llm.safety_flag` (true or false).
    public var safetyJudged = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ usage: LLMUsage) {
        if let q = usage.quality { qualitySum += q; qualityCount &+= 1 }
        if let g = usage.groundedness { groundednessSum += g; groundednessCount &+= 1 }
        if let flag = usage.safetyFlag {
            safetyJudged &+= 1
            if flag { safetyFlagged &+= 1 }
        }
    }

    public mutating func merge(_ other: LLMQualitySums) {
        qualitySum += other.qualitySum
        qualityCount += other.qualityCount
        groundednessSum += other.groundednessSum
        groundednessCount += other.groundednessCount
        safetyFlagged += other.safetyFlagged
        safetyJudged += other.safetyJudged
    }

    /// Means and rate; nil when no request carried the field.
    public var qualityMean: Double? { qualityCount > 0 ? qualitySum / Double(qualityCount) : nil }
    public var groundednessMean: Double? { groundednessCount > 0 ? groundednessSum / Double(groundednessCount) : nil }
    public var safetyFlagRate: Double? { safetyJudged > 0 ? Double(safetyFlagged) / Double(safetyJudged) : nil }
}
