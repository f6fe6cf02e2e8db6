/// One feature's values over a window: numbers in a contiguous array, categories as counts.
/// A feature keeps both so that a value of the other type can be reported as a type error
/// against the reference type when the window closes.
public struct FeatureColumn: Sendable {
    public let name: Symbol
    /// Numeric values in arrival order (missing values excluded).
    public var numbers: [Double] = []
    /// Category counts indexed by symbol id (dense: no hashing per event; symbol ids of one
    /// partition's table are small and dense). Booleans are the categories "true"/"false".
    public private(set) var categoryCounts: [Int32] = []
    /// Number of categorical values seen.
    public private(set) var categoryTotal = 0
    /// Events in which the feature was present but null.
    public var nulls = 0
    /// Events in which the feature appeared at all (null included).
    public var present = 0

    public init(name: Symbol, capacity: Int) {
        self.name = name
        numbers.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(_ value: FeatureValue) {
        present &+= 1
        switch value {
        case .missing: nulls &+= 1
        case .number(let x): numbers.append(x)
        case .category(let c):
            let id = Int(c.id)
            if id >= categoryCounts.count { growCategories(to: id + 1) }
            categoryCounts[id] &+= 1
            categoryTotal &+= 1
        }
    }

    private mutating func growCategories(to count: Int) {
        categoryCounts.append(contentsOf: repeatElement(0, count: max(count, categoryCounts.count * 2) - categoryCounts.count))
    }

    /// Category counts by symbol (built at window close).
    public var categories: [Symbol: Int] {
        var result: [Symbol: Int] = [:]
        for (id, n) in categoryCounts.enumerated() where n > 0 { result[Symbol(id: Int32(id))] = Int(n) }
        return result
    }
}

/// A prediction or label column: numeric outcomes as values, class outcomes as counts.
public struct OutcomeColumn: Sendable {
    public var numbers: [Double] = []
    public var categories: [Symbol: Int] = [:]
    public var count = 0

    public init() {}

    @inline(__always)
    mutating func append(_ outcome: Outcome) {
        count &+= 1
        switch outcome {
        case .number(let x): numbers.append(x)
        case .category(let c): categories[c, default: 0] &+= 1
        }
    }
}

/// Per model version counters for A/B comparison.
public struct VersionColumn: Sendable {
    public let version: Symbol?
    public var events = 0
    public var errors = 0
    public var latencies: [Double] = []
    /// Indexes into the buffer's `labelledOutcomes` of this version's labelled pairs.
    public var labelledOutcomeIndexes: [Int32] = []
    /// This version's LLM usage (per-version TTFT, finish reasons, cost in the model report).
    public var llm = LLMColumn()

    public init(version: Symbol?) { self.version = version }
}

/// LLM usage over a window.
public struct LLMColumn: Sendable {
    public var requests = 0
    public var promptTokens = 0.0
    public var completionTokens = 0.0
    /// Sum of `cost_usd` given by the events themselves.
    public var statedCostUSD = 0.0
    /// Tokens of requests without `cost_usd`, per LLM model, to be priced from config at close.
    public var unpricedTokens: [Symbol?: (prompt: Double, completion: Double)] = [:]
    public var ttftMs: [Double] = []
    public var finishReasons: [Symbol: Int] = [:]
    /// Judge quality, groundedness and safety flags (`LLMQualityRule` judges them).
    public var quality = LLMQualitySums()

    public init() {}

    mutating func append(_ usage: LLMUsage) {
        requests &+= 1
        let prompt = usage.promptTokens ?? 0
        let completion = usage.completionTokens ?? 0
        promptTokens += prompt
        completionTokens += completion
        if let cost = usage.costUSD {
            statedCostUSD += cost
        } else {
            let old = unpricedTokens[usage.model] ?? (0, 0)
            unpricedTokens[usage.model] = (old.prompt + prompt, old.completion + completion)
        }
        if let t = usage.ttftMs { ttftMs.append(t) }
        if let r = usage.finishReason { finishReasons[r, default: 0] &+= 1 }
        quality.add(usage)
    }
}
