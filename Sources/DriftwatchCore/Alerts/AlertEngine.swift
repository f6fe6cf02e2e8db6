/// The whole alerting step for the pipeline: rules, alert cooldown and retrain policy, fed one
/// window's findings at a time in window-close order (`ModelStages` turns the outcome into
/// output messages; suppressed alerts become `driftwatch_alerts_suppressed_total`).
///
/// State (cooldowns) is keyed by model; hold one engine where windows of a model are closed in a
/// deterministic order (e.g. one per partition task, or one behind the pipeline's actor).
public struct AlertEngine: Sendable {
    public var evaluator: AlertEvaluator
    public var cooldown: AlertCooldown
    public var retrain: RetrainPolicy

    public init(config: DriftwatchConfig) {
        evaluator = AlertEvaluator(rules: config.alerts)
        cooldown = AlertCooldown(cooldownSeconds: config.alerts.cooldownSeconds)
        retrain = RetrainPolicy(config: config)
    }

    public struct Outcome: Sendable, Equatable {
        /// Alerts to publish, in `AlertType` order.
        public var alerts: [Alert]
        /// Alerts the cooldown held back (for logs and metrics only).
        public var suppressed: [Alert]
        public var trigger: RetrainTrigger?
    }

    public mutating func process(_ findings: WindowFindings) -> Outcome {
        var admitted: [Alert] = []
        var suppressed: [Alert] = []
        for alert in evaluator.evaluate(findings) {
            if cooldown.admit(alert) { admitted.append(alert) } else { suppressed.append(alert) }
        }
        return Outcome(alerts: admitted, suppressed: suppressed, trigger: retrain.evaluate(findings))
    }
}
