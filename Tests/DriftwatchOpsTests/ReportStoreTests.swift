import DriftwatchCore
import DriftwatchOps
import Testing

@Suite("Report store")
struct ReportStoreTests {
    static let window = #"{"topic":"predictions","partition":2,"start_offset":100,"end_offset":10099,"events":10000,"index":1,"start_time":"2026-01-01T00:00:10Z","end_time":"2026-01-01T00:00:20Z","partial":false}"#

    static let profiler = #"""
        {"kind":"window_report","stage":"feature_profiler","model_id":"fraud-detector","model_version":"v1","window":\#(window),
         "features":{"amount":{"type":"numeric","count":9900,"missing":100,"mean":61.2,"psi":0.31,"ks_statistic":0.2,"ks_pvalue":1e-30,
           "wasserstein":12.5,"wasserstein_norm":0.25,"js_distance":0.17,"method":"psi","drift":true,"severity":"critical","histogram":{"edges":[10,20,40],"reference":[25,25,25,25],"current":[10,20,30,40]}},
           "country":{"type":"categorical","count":10000,"missing":0,"distinct":7,"psi":0.02,"chi2_statistic":12.1,"chi2_pvalue":0.06,
           "js_distance":0.03,"new_categories":["NG"],"method":"chi2","drift":false,"severity":"none",
           "histogram":{"categories":["DE","US","NG"],"reference":[30,70,0],"current":[28,70,2]}}},
         "drift_share":0.5,"dataset_drift":true,"data_quality":{"missing_rate":0.005}}
        """#
    /// The model stage's report of the same window: the profiler's features and the system block.
    static let model = profiler
        .replacingOccurrences(of: #""stage":"feature_profiler""#, with: #""stage":"model""#)
        .replacingOccurrences(of: #""data_quality":{"missing_rate":0.005}}"#, with: #""data_quality":{"missing_rate":0.005},"system":{"events":10000,"errors":50,"error_rate":0.005,"latency_ms":{"p50":40,"p95":90,"p99":150,"max":900,"mean":45},"throughput_eps":1000}}"#)
    static let system = #"{"kind":"window_report","stage":"system_logger","model_id":"fraud-detector","window":\#(window),"events":10000,"errors":50,"error_rate":0.005,"latency_ms":{"p50":40,"p95":90,"p99":150,"max":900,"mean":45},"throughput_eps":1000}"#
    static let alert = #"{"kind":"alert","alert_id":"a-1","type":"feature_drift","severity":"critical","model_id":"fraud-detector","model_version":"v1","window":\#(window),"summary":"amount drifted (PSI 0.31)","metrics":{},"created_at":"2026-01-01T00:00:20Z"}"#
    static let retrain = #"{"kind":"retrain","trigger_id":"t-1","model_id":"fraud-detector","urgency":"scheduled","reasons":["dataset_drift"],"window":\#(window),"evidence":{},"dag_conf":{"model_id":"fraud-detector"},"created_at":"2026-01-01T00:00:20Z"}"#

    /// The window of the JSON above, as the pipeline hands it over.
    static let info = WindowInfo(
        topic: "predictions", partition: 2, startOffset: 100, endOffset: 10_099, events: 10_000, index: 1,
        startTimeMs: ReportFixtures.newYear2026Ms + 10_000, endTimeMs: ReportFixtures.newYear2026Ms + 20_000, partial: false)

    /// A stage's report payload with `json` as its body.
    static func report(_ stage: WindowReport.Stage, _ json: String) throws -> OutputPayload {
        let body = try #require(try JSONValue.parse(json).objectValue)
        return .report(WindowReport(
            stage: stage, modelID: body["model_id"]?.stringValue ?? "", modelVersion: body["model_version"]?.stringValue,
            window: info, body: body))
    }

    static var alertPayload: OutputPayload {
        var alert = Alert(
            type: .featureDrift, severity: .critical, modelID: "fraud-detector", modelVersion: "v1", window: info,
            summary: "amount drifted (PSI 0.31)", metrics: [:])
        alert.alertID = "a-1"
        return .alert(alert)
    }

    static var triggerPayload: OutputPayload {
        let findings = WindowFindings(modelID: "fraud-detector", modelVersion: nil, window: info)
        var trigger = RetrainTrigger(findings: findings, urgency: .scheduled, reasons: ["dataset_drift"])
        trigger.triggerID = "t-1"
        return .trigger(trigger)
    }

    @Test("published payloads become the report: stages of one window merge, alerts and triggers are kept")
    func ingestPayloads() async throws {
        let store = ReportStore()
        #expect(await store.ingest(try Self.report(.model, Self.model)))
        // Partition-window detail stays on the reports topic: the page shows model windows.
        #expect(await !store.ingest(try Self.report(.featureProfiler, Self.profiler)))
        #expect(await !store.ingest(try Self.report(.systemLogger, Self.system)))
        #expect(await store.ingest(Self.alertPayload))
        #expect(await store.ingest(Self.triggerPayload))
        #expect(await !store.ingest(try Self.report(.performance, #"{"kind":"performance_report","model_id":"m"}"#)))
        let letter = DeadLetter(reason: "bad", source: .predictions, sourceTopic: "predictions", sourcePartition: 0, sourceOffset: 1)
        #expect(await !store.ingest(.deadLetter(letter)))

        let snapshot = await store.snapshot(generatedAt: "t")
        let model = try #require(snapshot.models.first)
        #expect(model.modelID == "fraud-detector")
        #expect(model.windows.count == 1, "one model window")
        let latest = try #require(model.latest)
        #expect(latest.window.partition == 2 && latest.window.startOffset == 100 && latest.window.events == 10_000)
        #expect(latest.driftShare == 0.5 && latest.datasetDrift == true)
        #expect(latest.system?.latencyP99Ms == 150)
        let amount = try #require(latest.features.first { $0.name == "amount" })
        #expect(amount.severity == .critical && amount.psi == 0.31 && amount.ksPValue == 1e-30)
        #expect(amount.missingRate == 0.01)
        let amountHistogram = try #require(amount.histogram)
        #expect(amountHistogram.edges == [10, 20, 40])
        #expect(amountHistogram.labels == ["< 10", "10 – 20", "20 – 40", "≥ 40"])
        #expect(amountHistogram.reference == [0.25, 0.25, 0.25, 0.25])
        #expect(amountHistogram.current == [0.1, 0.2, 0.3, 0.4])
        let country = try #require(latest.features.first { $0.name == "country" })
        #expect(country.kind == "categorical" && country.newCategories == ["NG"] && country.chi2PValue == 0.06)
        #expect(country.histogram?.labels == ["DE", "US", "NG"])
        #expect(country.histogram?.current == [0.28, 0.7, 0.02])
        #expect(model.alerts.map(\.id) == ["a-1"] && model.alerts[0].level == "critical")
        #expect(model.triggers.map(\.id) == ["t-1"] && model.triggers[0].type == "dataset_drift")

        let html = renderReportHTML(snapshot)
        try expectWellFormed(html)
        #expect(html.contains("amount drifted (PSI 0.31)"))
    }

    @Test("a later message without histograms keeps the histograms recorded for the same window")
    func mergeKeepsHistograms() async throws {
        let store = ReportStore()
        var input = ReportFixtures.windowInput(1)
        input.window = Self.info
        input.modelID = "fraud-detector"
        await store.record(input)
        #expect(await store.ingest(try Self.report(.model, Self.model)))
        let latest = try #require(await store.snapshot(generatedAt: "t").models.first?.latest)
        let amount = try #require(latest.features.first { $0.name == "amount" })
        #expect(amount.psi == 0.31, "the message's numbers win")
        #expect(amount.histogram?.edges == [10, 20, 40], "the message's histogram wins")

        let withoutHistograms = Self.model.replacingOccurrences(
            of: #","histogram":{"edges":[10,20,40],"reference":[25,25,25,25],"current":[10,20,30,40]}"#, with: "")
        #expect(withoutHistograms != Self.model)
        await store.record(input)
        #expect(await store.ingest(try Self.report(.model, withoutHistograms)))
        let merged = try #require(await store.snapshot(generatedAt: "t").models.first?.latest)
        let kept = try #require(merged.features.first { $0.name == "amount" })
        #expect(kept.psi == 0.31)
        #expect(kept.histogram == input.features.first { $0.name == "amount" }?.histogram, "the recorded histogram stays")
    }

    @Test("windows and notices are bounded per model, newest kept")
    func bounded() async throws {
        let store = ReportStore(maxWindows: 3, maxNotices: 2)
        for index in 0..<10 { await store.record(ReportFixtures.windowInput(index)) }
        for index in 0..<5 {
            await store.record(notice: ReportNotice(kind: .alert, id: "a\(index)", modelID: "fraud-detector", type: "latency", level: "warning", summary: "", createdAt: ""))
        }
        let model = try #require(await store.snapshot(generatedAt: "t").models.first)
        #expect(model.windows.map(\.window.index) == [7, 8, 9])
        #expect(model.windowsSeen == 10)
        #expect(model.alerts.map(\.id) == ["a3", "a4"])
        #expect(model.alertsSeen == 5)
    }
}
