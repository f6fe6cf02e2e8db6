import Foundation
import Testing
@testable import DriftwatchCore

@Suite struct ModelStageJSONTests {
    typealias F = ModelStageFixtures

    static let window = WindowInfo.model(
        topic: "predictions", index: 7,
        partitions: [PartitionSpan(partition: 2, startOffset: 300, endOffset: 449, events: 150),
                     PartitionSpan(partition: 0, startOffset: 0, endOffset: 249, events: 250)],
        startTimeMs: F.start, endTimeMs: F.start + 59_999, partial: false)

    @Test func modelWindowObjectAndIDs() {
        #expect(Self.window.events == 400)
        #expect(Self.window.jsonObject.encodedString() == """
        {"topic":"predictions","partition":null,"partitions":[\
        {"partition":0,"start_offset":0,"end_offset":249,"events":250},\
        {"partition":2,"start_offset":300,"end_offset":449,"events":150}],\
        "start_offset":null,"end_offset":null,"events":400,"index":7,\
        "start_time":"2026-01-01T00:00:00.000Z","end_time":"2026-01-01T00:00:59.999Z","partial":false}
        """)
        #expect(StageReport.window(Self.window) == .object(Self.window.jsonObject))
        #expect(Alert.id(modelID: "fraud", window: Self.window, type: .latency) == "alert:fraud:predictions:model-7:latency")
        let findings = WindowFindings(modelID: "fraud", modelVersion: nil, window: Self.window,
                                      prediction: [FeatureFinding(feature: "prediction", method: .psi, value: 0.5, severity: .critical)])
        let trigger = RetrainTrigger(findings: findings, urgency: .scheduled, reasons: ["prediction_drift"])
        #expect(trigger.triggerID == "retrain:fraud:predictions:model-7:scheduled")
        #expect(trigger.dagConf["partition"] == .null && trigger.dagConf["start_offset"] == .null)
        #expect(trigger.dagConf["partitions"] == "0,2")
    }

    @Test func partitionWindowsAndPlainAlertsKeepTheirShape() {
        let window = AlertFixtures.window()
        #expect(!window.isModelWindow)
        #expect(StageReport.window(window) == .object(window.jsonObject))
        let alert = Alert(type: .latency, severity: .warning, modelID: "fraud", modelVersion: nil, window: window,
                          summary: "s", metrics: [:])
        #expect(!alert.jsonString.contains("trend") && !alert.jsonString.contains("runbook_url"))
        let trigger = RetrainTrigger(findings: AlertFixtures.findings(), urgency: .scheduled, reasons: [])
        #expect(trigger.dagConf["partitions"] == nil && trigger.dagConf["partition"] == 3)
    }

    @Test func alertWithTrendJSONIsExact() {
        var alert = Alert(type: .errorRate, severity: .warning, modelID: "fraud", modelVersion: "v1", window: Self.window,
                          summary: "Error rate 2%", metrics: ["error_rate": 0.02])
        alert.trend = AlertTrend(metric: "error_rate", windows: [5, 6, 7], values: [0.001, nil, 0.02])
        #expect(alert.jsonString == """
        {"kind":"alert","alert_id":"alert:fraud:predictions:model-7:error_rate","type":"error_rate",\
        "severity":"warning","model_id":"fraud","model_version":"v1","window":\(Self.window.jsonObject.encodedString()),\
        "summary":"Error rate 2%","metrics":{"error_rate":0.02},\
        "trend":{"metric":"error_rate","windows":[5,6,7],"values":[0.001,null,0.02]},"runbook_url":null,\
        "created_at":"2026-01-01T00:00:59.999Z"}
        """)
    }

    static let state = ModelState(
        modelID: "fraud", windowIndex: 12, nextExpected: [1: 9, 0: 10, 2: 0], excluded: [2],
        cooldowns: [.latency: .init(timeMs: F.start + 1, severity: .critical),
                    .featureDrift: .init(timeMs: F.start, severity: .warning)],
        retrain: .init(timeMs: F.start + 0.5, urgency: .immediate),
        trend: ModelTrendHistory(points: [
            .init(window: 10, values: [.errorRate: 0.1 + 0.2, .featureDrift: 2.0 / 7]),
            .init(window: 11, values: [:]),
        ]))

    @Test func stateJSONIsDeterministicAndRoundTrips() throws {
        #expect(String(decoding: Self.state.jsonBytes, as: UTF8.self) == """
        {"kind":"model_state","format_version":1,"model_id":"fraud","window_index":12,\
        "next_expected":[{"partition":0,"index":10},{"partition":1,"index":9},{"partition":2,"index":0}],\
        "excluded":[2],"cooldowns":[{"type":"feature_drift","time_ms":1767225600000,"severity":"warning"},\
        {"type":"latency","time_ms":1767225600001,"severity":"critical"}],\
        "retrain":{"time_ms":1767225600000.5,"urgency":"immediate"},\
        "trend":[{"window":10,"values":{"feature_drift":0.2857142857142857,"error_rate":0.30000000000000004}},\
        {"window":11,"values":{}}]}
        """)
        let decoded = try ModelState(jsonBytes: Self.state.jsonBytes)
        #expect(decoded == Self.state)
        #expect(decoded.jsonBytes == Self.state.jsonBytes)
        let empty = ModelState(modelID: "churn")
        #expect(try ModelState(jsonBytes: empty.jsonBytes) == empty)
    }

    @Test func stateDecodingRejectsWhatItCannotRestore() {
        func reason(_ text: String) -> String? {
            do { _ = try ModelState(jsonBytes: Array(text.utf8)); return nil } catch { return error.reason }
        }
        let good = String(decoding: Self.state.jsonBytes, as: UTF8.self)
        #expect(reason(good.replacingOccurrences(of: #""format_version":1"#, with: #""format_version":2"#))
            == "format_version 2 is not 1")
        #expect(reason(good.replacingOccurrences(of: #""severity":"warning""#, with: #""severity":"loud""#))
            == "cooldowns.severity is not one of the known values")
        #expect(reason(good.replacingOccurrences(of: #""window_index":12"#, with: #""window_index":1.5"#))
            == "window_index is not an integer")
        #expect(reason("[1]") == "not a JSON object")
        #expect(reason("{\"kind\":\"alert\"}") == "kind is not \"model_state\"")
        #expect(reason("{") != nil)
    }

    @Test func trendHistoryKeepsTheLastTenWindows() {
        var history = ModelTrendHistory()
        for k in 0..<14 {
            let findings = WindowFindings(modelID: "fraud", modelVersion: nil, window: Self.window,
                                          system: SystemFinding(events: 100, errors: k, latencyP99Ms: k.isMultiple(of: 2) ? Double(k) : nil))
            history.record(window: k, findings: findings)
        }
        #expect(history.points.count == 10)
        #expect(history.trend(for: .errorRate) == AlertTrend(
            metric: "error_rate", windows: Array(4...13), values: (4...13).map { Double($0) / 100 }))
        #expect(history.trend(for: .latency).values == (4...13).map { $0.isMultiple(of: 2) ? Double($0) : nil })
        #expect(history.trend(for: .featureDrift).values == Array(repeating: nil, count: 10))
    }
}
