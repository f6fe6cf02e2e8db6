/// A categorical column of a window, mergeable: counts by category text (numbers in a
/// categorical column count as their decimal text, as the feature profiler does).
public struct CategoricalColumnSummary: Sendable, Equatable {
    public var counts: [String: Int] = [:]
    public var nulls = 0
    /// Values of the other type (always 0 today: numbers become category text).
    public var typeErrors = 0
    public var present = 0

    public init() {}

    /// Σ counts: the non-missing values.
    public var count: Int { counts.values.reduce(0, +) }

    public mutating func merge(_ other: CategoricalColumnSummary) {
        for (c, n) in other.counts { counts[c, default: 0] += n }
        nulls += other.nulls
        typeErrors += other.typeErrors
        present += other.present
    }
}

/// One model version's share of a window (for A/B comparison).
public struct VersionSummary: Sendable, Equatable {
    public var events = 0
    public var errors = 0
    public var latency = LogHistogram()
    /// Events of this version with an immediate label (classification), and how many of them
    /// it predicted right (`QualitySummary.isCorrect`): per-version accuracy for `version_regression`.
    public var labelled = 0
    public var correct = 0
    /// This version's LLM usage (requests 0 when none).
    public var llm = LLMSummary()
    public init() {}

    public mutating func merge(_ other: VersionSummary) {
        events += other.events
        errors += other.errors
        latency.merge(other.latency)
        labelled += other.labelled
        correct += other.correct
        llm.merge(other.llm)
    }
}

/// LLM usage of a window. Cost is priced at summary time (stated `cost_usd`, else the
/// configured per-million-token prices); quality, groundedness and safety flags are the sums of
/// the optional judge fields (`LLMQualitySums`, judged by `LLMQualityRule` in the model stage).
public struct LLMSummary: Sendable, Equatable {
    public var requests = 0
    public var promptTokens = ExactSum()
    public var completionTokens = ExactSum()
    public var costUSD = ExactSum()
    public var ttftMs = LogHistogram()
    public var finishReasons: [String: Int] = [:]
    public var qualitySum = ExactSum()
    public var qualityCount = 0
    public var groundednessSum = ExactSum()
    public var groundednessCount = 0
    public var safetyFlags = 0
    /// Requests that carried `llm.safety_flag` (true or false): the safety rate's denominator.
    public var safetyJudged = 0
    public init() {}

    public mutating func merge(_ other: LLMSummary) {
        requests += other.requests
        promptTokens += other.promptTokens
        completionTokens += other.completionTokens
        costUSD += other.costUSD
        ttftMs.merge(other.ttftMs)
        for (r, n) in other.finishReasons { finishReasons[r, default: 0] += n }
        qualitySum += other.qualitySum
        qualityCount += other.qualityCount
        groundednessSum += other.groundednessSum
        groundednessCount += other.groundednessCount
        safetyFlags += other.safetyFlags
        safetyJudged += other.safetyJudged
    }
}

/// The system logger's view of a window, mergeable: events, errors, latency, versions, LLM.
public struct SystemSummary: Sendable, Equatable {
    public var events = 0
    public var errors = 0
    public var latency = LogHistogram()
    /// By version name; "" for events without `model_version`.
    public var versions: [String: VersionSummary] = [:]
    /// Error messages counted (each partition window keeps at most 64 distinct ones).
    public var errorMessages: [String: Int] = [:]
    public var llm = LLMSummary()
    public init() {}

    public mutating func merge(_ other: SystemSummary) {
        events += other.events
        errors += other.errors
        latency.merge(other.latency)
        for (v, s) in other.versions { versions[v, default: VersionSummary()].merge(s) }
        for (m, n) in other.errorMessages { errorMessages[m, default: 0] += n }
        llm.merge(other.llm)
    }

    /// The version with the most events, ties by name; nil when it is the unversioned "".
    public var dominantVersion: String? {
        let best = versions.max { $0.value.events != $1.value.events ? $0.value.events < $1.value.events : $0.key > $1.key }
        return best.flatMap { $0.key.isEmpty ? nil : $0.key }
    }
}

extension SystemSummary {
    /// From a closed window's buffer (the partition stage, at window close).
    init(buffer b: WindowBuffer, symbols: SymbolTable, settings: StageSettings) {
        events = b.events
        errors = b.errors
        latency = LogHistogram(b.latencies)
        for v in b.versions {
            var s = VersionSummary()
            s.events = v.events
            s.errors = v.errors
            s.latency = LogHistogram(v.latencies)
            if v.llm.requests > 0 { s.llm = LLMSummary(v.llm, symbols: symbols, settings: settings) }
            versions[v.version.map { symbols.string(for: $0) } ?? "", default: VersionSummary()].merge(s)
        }
        errorMessages = b.errorMessages
        llm = LLMSummary(b.llm, symbols: symbols, settings: settings)
        if settings.regression { return }
        for v in b.versions where !v.labelledOutcomeIndexes.isEmpty {
            let name = v.version.map { symbols.string(for: $0) } ?? ""
            for i in v.labelledOutcomeIndexes {
                versions[name]!.labelled += 1
                if QualitySummary.isCorrect(b.labelledOutcomes[Int(i)], symbols: symbols) { versions[name]!.correct += 1 }
            }
        }
    }
}
