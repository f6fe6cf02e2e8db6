/// Decides whether an alert is silenced by the configuration's `silences` (SPEC section 6):
/// a silence matches when its model (if given) and type (if given) equal the alert's, and the
/// alert's event time (its window's end, which is also its `created_at`) lies in [from, to).
/// Event time, not wall-clock time, so a replay suppresses exactly the alerts the live run did.
/// Suppressed alerts are the caller's to count (metrics) and log.
public struct SilenceMatcher: Sendable, Equatable {
    public var silences: [DriftwatchConfig.Silence]

    public init(silences: [DriftwatchConfig.Silence]) {
        self.silences = silences
    }

    /// The first silence (in file order) matching, or nil when the alert should be published.
    public func silence(modelID: String, type: AlertType, eventTimeMs: Double) -> DriftwatchConfig.Silence? {
        silences.first { s in
            (s.modelID == nil || s.modelID == modelID) && (s.type == nil || s.type == type)
                && eventTimeMs >= s.fromMs && eventTimeMs < s.toMs
        }
    }

    /// The silence matching `alert` at its window's end time, if any.
    public func silence(for alert: Alert) -> DriftwatchConfig.Silence? {
        silence(modelID: alert.modelID, type: alert.type, eventTimeMs: alert.window.endTimeMs)
    }

    public func isSilenced(_ alert: Alert) -> Bool { silence(for: alert) != nil }

    /// Splits alerts into those to publish and those silenced, keeping their order.
    public func partition(_ alerts: [Alert]) -> (publish: [Alert], silenced: [Alert]) {
        var publish: [Alert] = [], silenced: [Alert] = []
        for alert in alerts {
            if isSilenced(alert) { silenced.append(alert) } else { publish.append(alert) }
        }
        return (publish, silenced)
    }
}
