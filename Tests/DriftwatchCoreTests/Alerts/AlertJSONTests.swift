import Testing
@testable import DriftwatchCore

@Suite struct AlertJSONTests {
    typealias F = AlertFixtures

    @Test func windowObjectAndIDComponent() {
        let window = F.window()
        #expect(window.jsonObject.encodedString() == """
        {"topic":"predictions","partition":3,"start_offset":20000,"end_offset":29999,"events":10000,"index":2,\
        "start_time":"2026-01-01T00:00:20.000Z","end_time":"2026-01-01T00:00:29.999Z","partial":false}
        """)
        #expect(window.idComponent == "predictions-3:20000-29999")
    }

    @Test func alertJSONIsExact() throws {
        let findings = F.findings(features: F.features(clean: 3, drifted: [("amount", 0.53125), ("country", 0.125)]))
        let alert = try #require(AlertEvaluator().evaluate(findings).first)
        #expect(alert.jsonString == """
        {"kind":"alert","alert_id":"alert:fraud-detector:predictions-3:20000-29999:feature_drift",\
        "type":"feature_drift","severity":"critical","model_id":"fraud-detector","model_version":"v1",\
        "window":{"topic":"predictions","partition":3,"start_offset":20000,"end_offset":29999,\
        "events":10000,"index":2,"start_time":"2026-01-01T00:00:20.000Z",\
        "end_time":"2026-01-01T00:00:29.999Z","partial":false},\
        "summary":"2 of 5 features drifted (drift share 0.4, dataset drift): amount (critical, psi 0.531), \
        country (warning, psi 0.125)",\
        "metrics":{"drift_share":0.4,"dataset_drift":true,"drifted_features":2,"monitored_features":5,\
        "features":[{"feature":"amount","severity":"critical","method":"psi","value":0.53125,"psi":0.53125},\
        {"feature":"country","severity":"warning","method":"psi","value":0.125,"psi":0.125}]},\
        "created_at":"2026-01-01T00:00:29.999Z"}
        """)
        #expect(alert.key == "fraud-detector")
        #expect(alert.jsonBytes == Array(alert.jsonString.utf8))
    }

    @Test func retrainJSONIsExact() throws {
        var settings = DriftwatchConfig.Retrain()
        settings.dagID = "retrain_fraud_detector"
        var policy = RetrainPolicy(settings: settings)
        let findings = F.findings(
            features: F.features(clean: 1, drifted: [("amount", 0.5)]),
            performance: PerformanceFinding(metric: "accuracy", current: 0.75, baseline: 0.8, labelled: 3_000))
        let evaluated = policy.evaluate(findings)
        let trigger = try #require(evaluated)
        #expect(trigger.jsonString == """
        {"kind":"retrain","trigger_id":"retrain:fraud-detector:predictions-3:20000-29999:immediate",\
        "model_id":"fraud-detector","model_version":"v1","urgency":"immediate",\
        "reasons":["dataset_drift","performance_drop"],\
        "window":{"topic":"predictions","partition":3,"start_offset":20000,"end_offset":29999,\
        "events":10000,"index":2,"start_time":"2026-01-01T00:00:20.000Z",\
        "end_time":"2026-01-01T00:00:29.999Z","partial":false},\
        "evidence":{"drift_share":0.5,"dataset_drift":true,"drifted_features":["amount"],"prediction_drift":null,\
        "performance":{"metric":"accuracy","current":0.75,"baseline":0.8,"drop":0.06250000000000006,"labelled":3000}},\
        "dag_conf":{"trigger_id":"retrain:fraud-detector:predictions-3:20000-29999:immediate",\
        "model_id":"fraud-detector","model_version":"v1","urgency":"immediate",\
        "reasons":"dataset_drift,performance_drop","topic":"predictions","partition":3,"start_offset":20000,\
        "end_offset":29999,"window_index":2,"window_start_time":"2026-01-01T00:00:20.000Z",\
        "window_end_time":"2026-01-01T00:00:29.999Z","drift_share":0.5,"drifted_features":"amount",\
        "prediction_drift":null,"performance_metric":"accuracy","performance_drop":0.06250000000000006,\
        "dag_id":"retrain_fraud_detector"},\
        "created_at":"2026-01-01T00:00:29.999Z"}
        """)
        // dag_conf is flat: no objects or arrays.
        for (key, value) in trigger.dagConf.members {
            switch value {
            case .object, .array: Issue.record("dag_conf.\(key) is not flat")
            default: break
            }
        }
    }
}
