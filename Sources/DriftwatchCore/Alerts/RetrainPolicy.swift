/// SPEC section 6 retrain urgencies, ordered scheduled < immediate < rollback.
public enum RetrainUrgency: String, Sendable, CaseIterable, Comparable {
    /// Dataset drift or critical prediction drift: retrain at the next slot.
    case scheduled
    /// Performance dropped by `immediate_drop` (5%) or more: retrain now.
    case immediate
    /// Performance dropped by `rollback_drop` (15%) or more: roll back, then retrain.
    case rollback

    public static func < (a: RetrainUrgency, b: RetrainUrgency) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Decides retrain triggers from window findings, with a per-model cooldown in event time
/// (default 6 h) for the same or lower urgency; a higher urgency passes through.
public struct RetrainPolicy: Sendable, Equatable {
    public var settings: DriftwatchConfig.Retrain
    /// `alerts.drift_share`, for dataset drift.
    public var driftShareThreshold: Double
    public private(set) var state: [String: Entry] = [:]

    public struct Entry: Sendable, Equatable {
        /// Window end time (epoch ms) of the last published trigger.
        public var timeMs: Double
        public var urgency: RetrainUrgency

        public init(timeMs: Double, urgency: RetrainUrgency) {
            self.timeMs = timeMs
            self.urgency = urgency
        }
    }

    /// Replaces the per-model cooldown state with entries persisted earlier (model stage restore).
    public mutating func restore(_ entries: [String: Entry]) {
        state = entries
    }

    public init(settings: DriftwatchConfig.Retrain = .init(), driftShareThreshold: Double = 0.3) {
        self.settings = settings
        self.driftShareThreshold = driftShareThreshold
    }

    public init(config: DriftwatchConfig) {
        self.init(settings: config.retrain, driftShareThreshold: config.alerts.driftShare)
    }

    /// The urgency and reasons the findings call for, without cooldown (nil: no retraining).
    /// Reasons in fixed order: `dataset_drift`, `prediction_drift`, `performance_drop`.
    public func decide(_ findings: WindowFindings) -> (urgency: RetrainUrgency, reasons: [String])? {
        var reasons: [String] = []
        var urgency: RetrainUrgency?
        if findings.datasetDrift(threshold: driftShareThreshold) {
            reasons.append("dataset_drift")
            urgency = .scheduled
        }
        if (findings.prediction ?? []).contains(where: { $0.severity == .critical }) {
            reasons.append("prediction_drift")
            urgency = .scheduled
        }
        if let drop = findings.performance?.drop, AlertEvaluator.reaches(drop, settings.immediateDrop) {
            reasons.append("performance_drop")
            urgency = AlertEvaluator.reaches(drop, settings.rollbackDrop) ? .rollback : .immediate
        }
        return urgency.map { ($0, reasons) }
    }

    /// The trigger to publish for these findings, or nil (nothing to do, disabled, or cooling down).
    public mutating func evaluate(_ findings: WindowFindings) -> RetrainTrigger? {
        guard settings.enabled, let (urgency, reasons) = decide(findings) else { return nil }
        let now = findings.window.endTimeMs
        if let last = state[findings.modelID], now - last.timeMs < settings.cooldownSeconds * 1_000,
           urgency <= last.urgency {
            return nil
        }
        state[findings.modelID] = Entry(timeMs: now, urgency: urgency)
        return RetrainTrigger(findings: findings, urgency: urgency, reasons: reasons, dagID: settings.dagID)
    }
}
