/// One output of the model stage for a closed model window, in publish order: the model report,
/// the alerts (one per type at most), at most one retrain trigger, then the state record. The
/// runtime maps them to topics (`model-window-reports`, `model-alerts`, `model-retrain`,
/// `driftwatch-state`), all keyed by model id.
public enum ModelStageOutput: Sendable, Equatable {
    case report(JSONObject)
    case alert(Alert)
    case trigger(RetrainTrigger)
    /// Publish only after the window's other outputs are acknowledged, so a state never
    /// claims windows whose results could be lost.
    case state(ModelState)

    /// The Kafka message value.
    public var jsonBytes: [UInt8] {
        switch self {
        case .report(let report): report.encodedBytes()
        case .alert(let alert): alert.jsonBytes
        case .trigger(let trigger): trigger.jsonBytes
        case .state(let state): state.jsonBytes
        }
    }
}
