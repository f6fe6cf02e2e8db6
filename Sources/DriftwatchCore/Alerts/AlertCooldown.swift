/// Cooldown of alerts per (model, type) in EVENT time (SPEC section 6, default 1 h).
///
/// An alert is suppressed when an alert of the same model and type was admitted less than
/// `cooldown` earlier (by window end time) with the same or a higher severity; a rise in
/// severity passes through and restarts the cooldown at its own time. Suppressed alerts leave
/// the state unchanged, so a condition that persists alerts again once per cooldown.
/// Event time only: a replay of the same windows in the same order gives the same decisions.
public struct AlertCooldown: Sendable, Equatable {
    public struct Key: Hashable, Sendable {
        public var modelID: String
        public var type: AlertType

        public init(modelID: String, type: AlertType) {
            self.modelID = modelID
            self.type = type
        }
    }

    public struct Entry: Sendable, Equatable {
        /// Window end time (epoch ms) of the last admitted alert.
        public var timeMs: Double
        public var severity: Severity

        public init(timeMs: Double, severity: Severity) {
            self.timeMs = timeMs
            self.severity = severity
        }
    }

    public var cooldownMs: Double
    public private(set) var state: [Key: Entry] = [:]

    public init(cooldownSeconds: Double = 3_600) {
        self.cooldownMs = cooldownSeconds * 1_000
    }

    /// Replaces the state with entries persisted earlier (model stage restore): a restarted
    /// owner keeps holding back what the crashed one would have held back.
    public mutating func restore(_ entries: [Key: Entry]) {
        state = entries
    }

    /// Whether `alert` should be published; records it when it is.
    public mutating func admit(_ alert: Alert) -> Bool {
        let key = Key(modelID: alert.modelID, type: alert.type)
        let now = alert.window.endTimeMs
        if let last = state[key], now - last.timeMs < cooldownMs, alert.severity <= last.severity {
            return false
        }
        state[key] = Entry(timeMs: now, severity: alert.severity)
        return true
    }

    /// The alerts to publish, in order.
    public mutating func filter(_ alerts: [Alert]) -> [Alert] {
        alerts.filter { admit($0) }
    }
}
