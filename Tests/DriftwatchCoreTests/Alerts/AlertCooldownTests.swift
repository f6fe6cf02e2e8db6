import Testing
@testable import DriftwatchCore

@Suite struct AlertCooldownTests {
    typealias F = AlertFixtures

    func alert(_ severity: Severity, atHours hours: Double) -> Alert {
        alert(.featureDrift, severity, atHours: hours)
    }

    func alert(_ type: AlertType, _ severity: Severity, atHours hours: Double,
               model: String = "fraud-detector") -> Alert {
        Alert(type: type, severity: severity, modelID: model, modelVersion: nil,
              window: F.window(endTimeMs: F.start + hours * F.hourMs), summary: "", metrics: [:])
    }

    @Test func suppressesRepeatsWithinTheHourOfEventTime() {
        var cooldown = AlertCooldown()
        do { let r = cooldown.admit(alert(.warning, atHours: 0)); #expect(r) }
        do { let r = cooldown.admit(alert(.warning, atHours: 0.5)); #expect(!r) }
        do { let r = cooldown.admit(alert(.warning, atHours: 0.999)); #expect(!r) }
        // Suppressed alerts do not extend the cooldown: one hour after the admitted one passes.
        do { let r = cooldown.admit(alert(.warning, atHours: 1)); #expect(r) }
        do { let r = cooldown.admit(alert(.warning, atHours: 1.5)); #expect(!r) }
    }

    @Test func escalationPassesThroughAndRestartsTheCooldown() {
        var cooldown = AlertCooldown()
        do { let r = cooldown.admit(alert(.warning, atHours: 0)); #expect(r) }
        do { let r = cooldown.admit(alert(.critical, atHours: 0.2)); #expect(r) }
        do { let r = cooldown.admit(alert(.critical, atHours: 0.4)); #expect(!r) }
        do { let r = cooldown.admit(alert(.warning, atHours: 1.1)); #expect(!r) }  // lower, within 1 h of the critical
        do { let r = cooldown.admit(alert(.warning, atHours: 1.2)); #expect(r) }   // expired
    }

    @Test func keyedByModelAndType() {
        var cooldown = AlertCooldown()
        do { let r = cooldown.admit(alert(.featureDrift, .warning, atHours: 0)); #expect(r) }
        do { let r = cooldown.admit(alert(.latency, .warning, atHours: 0.1)); #expect(r) }
        do { let r = cooldown.admit(alert(.featureDrift, .warning, atHours: 0.1, model: "churn")); #expect(r) }
        do { let r = cooldown.admit(alert(.latency, .warning, atHours: 0.2)); #expect(!r) }
    }

    @Test func configuredCooldownAndEngineReportSuppressed() {
        var config = DriftwatchConfig()
        config.alerts.cooldownSeconds = 60
        var engine = AlertEngine(config: config)
        let drifted = F.features(clean: 9, drifted: [("amount", 0.15)])
        let first = engine.process(F.findings(features: drifted, window: F.window(index: 0)))
        let second = engine.process(F.findings(features: drifted, window: F.window(index: 1)))
        #expect(first.alerts.count == 1 && first.suppressed.isEmpty)
        #expect(second.alerts.isEmpty && second.suppressed.count == 1)
        let later = engine.process(F.findings(features: drifted, window: F.window(index: 1, endTimeMs: F.start + 70_000)))
        #expect(later.alerts.count == 1)
    }
}
