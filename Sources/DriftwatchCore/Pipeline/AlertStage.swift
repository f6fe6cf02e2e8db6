/// Turns a window's findings into alert and retrain-trigger messages through the alert engine
/// (rules, cooldown, retrain policy), keeping the state of one model in one partition.
struct AlertStage {
    var engine: AlertEngine
    private(set) var suppressed = 0

    init(config: DriftwatchConfig) {
        engine = AlertEngine(config: config)
    }

    mutating func evaluate(_ findings: WindowFindings) -> (alerts: [[UInt8]], trigger: [UInt8]?) {
        let outcome = engine.process(findings)
        suppressed += outcome.suppressed.count
        return (outcome.alerts.map(\.jsonBytes), outcome.trigger?.jsonBytes)
    }
}
