/// One delayed ground-truth label from the labels topic (SPEC section 3):
/// `{"event_id": ..., "model_id": ..., "label": ..., "timestamp": ...}`.
public struct LabelEvent: Sendable, Equatable {
    public var eventID: String = ""
    public var modelID: Symbol = Symbol(id: -1)
    public var label: Outcome = .number(0)
    /// Event time in epoch milliseconds; nil when absent (the caller uses the Kafka timestamp).
    public var timestampMs: Double?
    public init() {}
}
