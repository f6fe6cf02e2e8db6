import Testing
@testable import DriftwatchCore

@Suite struct RetrainPolicyTests {
    typealias F = AlertFixtures

    let datasetDrift = F.features(clean: 6, drifted: [("amount", 0.3), ("customer_age", 0.25), ("country", 0.11)])

    @Test func urgencies() {
        let policy = RetrainPolicy()
        #expect(policy.decide(F.findings(features: F.features(clean: 9, drifted: [("amount", 0.5)]))) == nil)
        #expect(policy.decide(F.findings(features: datasetDrift))?.urgency == .scheduled)
        #expect(policy.decide(F.findings(features: datasetDrift))?.reasons == ["dataset_drift"])
        #expect(policy.decide(F.findings(prediction: [F.feature("score", psi: 0.15)])) == nil)
        #expect(policy.decide(F.findings(prediction: [F.feature("score", psi: 0.25)]))?.urgency == .scheduled)
        #expect(policy.decide(F.findings(performance: F.performance(drop: 0.049))) == nil)
        #expect(policy.decide(F.findings(performance: F.performance(drop: 0.05)))?.urgency == .immediate)
        #expect(policy.decide(F.findings(performance: F.performance(drop: 0.149)))?.urgency == .immediate)
        let rollback = policy.decide(F.findings(features: datasetDrift, performance: F.performance(drop: 0.15)))
        #expect(rollback?.urgency == .rollback)
        #expect(rollback?.reasons == ["dataset_drift", "performance_drop"])
    }

    @Test func cooldownPerModelLetsHigherUrgencyThrough() {
        var policy = RetrainPolicy()
        func at(_ hours: Double, drop: Double? = nil) -> WindowFindings {
            F.findings(features: datasetDrift, performance: drop.map { F.performance(drop: $0) },
                       window: F.window(endTimeMs: F.start + hours * F.hourMs))
        }
        do { let r = policy.evaluate(at(0)); #expect(r?.urgency == .scheduled) }
        do { let r = policy.evaluate(at(1)); #expect(r == nil) }
        do { let r = policy.evaluate(at(2, drop: 0.06)); #expect(r?.urgency == .immediate) }
        do { let r = policy.evaluate(at(3)); #expect(r == nil) }                      // lower, within 6 h
        do { let r = policy.evaluate(at(4, drop: 0.2)); #expect(r?.urgency == .rollback) }
        do { let r = policy.evaluate(at(9.9, drop: 0.2)); #expect(r == nil) }
        do { let r = policy.evaluate(at(10, drop: 0.2)); #expect(r?.urgency == .rollback) }  // expired
        do { let r = policy.evaluate(at(16.5)); #expect(r?.urgency == .scheduled) }
    }

    @Test func disabledPolicyNeverTriggers() {
        var settings = DriftwatchConfig.Retrain()
        settings.enabled = false
        var policy = RetrainPolicy(settings: settings)
        do { let r = policy.evaluate(F.findings(features: datasetDrift)); #expect(r == nil) }
    }

    @Test func idsAreDeterministic() {
        var a = RetrainPolicy(), b = RetrainPolicy()
        let findings = F.findings(features: datasetDrift)
        let first = a.evaluate(findings), second = b.evaluate(findings)
        #expect(first?.triggerID == "retrain:fraud-detector:predictions-3:20000-29999:scheduled")
        #expect(first?.jsonBytes == second?.jsonBytes)
        let alerts = AlertEvaluator().evaluate(findings)
        #expect(alerts.map(\.alertID) == ["alert:fraud-detector:predictions-3:20000-29999:feature_drift"])
        #expect(alerts == AlertEvaluator().evaluate(findings))
    }
}
