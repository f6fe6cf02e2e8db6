/// Turns a window's findings into alerts and a retrain trigger through the alert engine (rules,
/// cooldown, retrain policy), keeping the state of one model in one partition.
struct AlertStage {
    var engine: AlertEngine

    init(config: DriftwatchConfig) {
        engine = AlertEngine(config: config)
    }

    /// The engine's outcome: alerts to publish, alerts the cooldown suppressed, the trigger.
    mutating func evaluate(_ findings: WindowFindings) -> AlertEngine.Outcome {
        engine.process(findings)
    }
}
