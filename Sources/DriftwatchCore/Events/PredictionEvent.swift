/// An interned string: feature names, categories, model ids and versions become small integers
/// so that windows store columns of numbers, never dictionaries of strings.
public struct Symbol: Hashable, Sendable, Comparable {
    public let id: Int32
    public init(id: Int32) { self.id = id }
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.id < rhs.id }
}

/// A feature's value in one event. Booleans are categorical with the categories "true"/"false".
public enum FeatureValue: Sendable, Equatable {
    case missing
    case number(Double)
    case category(Symbol)
}

/// A prediction or a label: a class (category) or a value (number). Booleans are categories.
public enum Outcome: Sendable, Equatable {
    case number(Double)
    case category(Symbol)
}

public struct FeatureEntry: Sendable, Equatable {
    public var name: Symbol
    public var value: FeatureValue
    public init(name: Symbol, value: FeatureValue) {
        self.name = name
        self.value = value
    }
}

/// LLM usage of one request (SPEC section 3, `llm`).
public struct LLMUsage: Sendable, Equatable {
    public var model: Symbol?
    public var promptTokens: Double?
    public var completionTokens: Double?
    public var ttftMs: Double?
    public var finishReason: Symbol?
    public var costUSD: Double?
    /// Optional judge fields: `quality` (0–5), `groundedness` (0–1), `safety_flag`.
    public var quality: Double?
    public var groundedness: Double?
    public var safetyFlag: Bool?
    public init() {}
}

/// One decoded prediction event (SPEC section 3). The decoder fills a reused value in place,
/// so `features` keeps its capacity from event to event.
public struct PredictionEvent: Sendable, Equatable {
    public var eventID: String = ""
    public var modelID: Symbol = Symbol(id: -1)
    public var modelVersion: Symbol?
    /// Event time in epoch milliseconds; nil when absent (the caller uses the Kafka timestamp).
    public var timestampMs: Double?
    public var features: [FeatureEntry] = []
    public var prediction: Outcome?
    public var score: Double?
    public var label: Outcome?
    public var latencyMs: Double?
    public var error: String?
    public var llm: LLMUsage?
    public init() {}
}
