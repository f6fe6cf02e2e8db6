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
    /// Each model's LLM spend in the current UTC day of event time (`llm_budget`; persisted in
    /// `ModelState.llmBudget` by the model stage).
    public var budget = LLMBudgetTracker()
    /// `alerts.llm_daily_budget`; nil: no budget, nothing tracked.
    public var dailyBudgetUSD: Double?

    public init(config: DriftwatchConfig) {
        evaluator = AlertEvaluator(rules: config.alerts)
        cooldown = AlertCooldown(cooldownSeconds: config.alerts.cooldownSeconds)
        retrain = RetrainPolicy(config: config)
        dailyBudgetUSD = config.alerts.llmDailyBudgetUSD
    }

    /// Charges the window's LLM cost to the model's day (the UTC day of the window's end time)
    /// and records in `findings` the day's spend so far and the budget crossing to alert on.
    /// Call once per window, before `process`. Windows without LLM requests charge nothing.
    public mutating func chargeLLMBudget(_ findings: inout WindowFindings) {
        guard let dailyBudgetUSD, let cost = findings.system?.llmCostUSD else { return }
        let modelID = findings.modelID
        findings.llmBudget = budget.record(modelID: modelID, costUSD: cost, eventTimeMs: findings.window.endTimeMs,
                                           budgetUSD: dailyBudgetUSD)
        if let state = budget.states[modelID],
           state.day == LLMBudgetState.day(ofEpochMilliseconds: findings.window.endTimeMs) {
            findings.llmDayCostUSD = state.costUSD
        }
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
            // llm_budget has its own once-per-day-and-severity rule (`LLMBudgetTracker`); an
            // event-time cooldown would hold back the next day's first alert.
            if alert.type == .llmBudget { admitted.append(alert); continue }
            if cooldown.admit(alert) { admitted.append(alert) } else { suppressed.append(alert) }
        }
        return Outcome(alerts: admitted, suppressed: suppressed, trigger: retrain.evaluate(findings))
    }
}
