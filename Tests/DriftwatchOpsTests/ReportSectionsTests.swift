import DriftwatchCore
import DriftwatchOps
import Foundation
import Testing

/// The report's sections from one model report of known values: model view first, model
/// quality, thresholds, dataset summary, data quality, LLM and versions; absent parts skipped.
@Suite("Report sections")
struct ReportSectionsTests {
    static let window = #"{"topic":"predictions","partition":null,"partitions":[{"partition":0,"start_offset":0,"end_offset":4999,"events":5000},{"partition":1,"start_offset":0,"end_offset":4999,"events":5000}],"start_offset":null,"end_offset":null,"events":10000,"index":3,"start_time":"2026-01-01T00:00:30Z","end_time":"2026-01-01T00:00:39Z","partial":false}"#

    /// A model report with every block the sections read (values chosen to be recognisable).
    static let full = #"""
        {"kind":"window_report","stage":"model","model_id":"fraud-detector","model_version":"v2","window":\#(window),
         "features":{
           "amount":{"type":"numeric","count":9700,"missing":300,"mean":88.25,"std":99.5,"min":2,"max":1400,
             "quantiles":{"p01":6,"p25":32,"p50":60.5,"p75":107,"p99":487},"quantiles_approximate":true,
             "psi":0.264,"ks_statistic":0.21,"ks_pvalue":1e-40,"wasserstein":32.9,"wasserstein_norm":0.528,"js_distance":0.18,
             "histogram":{"edges":[10,20,40],"reference":[25,25,25,25],"current":[10,20,30,40]},"method":"psi","drift":true,"severity":"critical"},
           "country":{"type":"categorical","count":10000,"missing":0,"distinct":3,"psi":0.02,"chi2_statistic":12.1,"chi2_pvalue":0.06,
             "js_distance":0.03,"new_categories":[],"method":"chi2","drift":false,"severity":"none",
             "histogram":{"categories":["DE","NG","US"],"reference":[30,0,70],"current":[28,2,70]}}},
         "drift_share":0.5,"dataset_drift":true,
         "data_quality":{"missing_rate":0.015,"type_errors":4,"missing_features":[],"unexpected_features":["promo"],
           "features":{"amount":{"missing_rate":0.03,"out_of_range_rate":0.0125},"country":{"missing_rate":0}}},
         "prediction":{"type":"categorical","count":10000,"psi":1.3,"js_distance":0.37,"chi2_pvalue":0,"method":"psi","drift":true,"severity":"critical",
           "histogram":{"categories":["0","1"],"reference":[96,4],"current":[54,46]}},
         "performance":{"labelled":3000,"accuracy":0.8123,"precision":0.5,"recall":0.25,"f1":0.3333,"auc":0.874,"metric":"accuracy",
           "baseline":{"accuracy":0.9,"precision":null,"recall":null,"f1":null,"auc":0.93},"drop":0.0972,"source":"inline_labels",
           "confusion":{"0":{"0":2300,"1":150},"1":{"0":412,"1":138}},
           "roc":{"fpr":[0,0.1,0.4,1],"tpr":[0,0.5,0.8,1],"thresholds":[null,0.9,0.5,0.1]}},
         "system":{"events":10000,"errors":50,"error_rate":0.005,"latency_ms":{"p50":40,"p95":90,"p99":150,"max":900,"mean":45},
           "throughput_eps":1000,
           "versions":{"v1":{"events":8000,"error_rate":0.004,"latency_p95":70,"accuracy":0.83,"labelled":2400,
                             "llm":{"requests":8000,"cost_usd":1.6,"cost_per_request":0.0002,"ttft_ms":{"p50":180,"p95":310},"finish_reasons":{"stop":7900,"length":100}}},
                       "v2":{"events":2000,"error_rate":0.009,"latency_p95":95.5,
                             "llm":{"requests":2000,"cost_usd":0.9,"cost_per_request":0.00046,"ttft_ms":{"p50":240,"p95":420},"finish_reasons":{"stop":1700,"length":300}}}},
           "llm":{"requests":10000,"prompt_tokens":8991114,"completion_tokens":1876875,"cost_usd":2.5,
             "ttft_ms":{"p50":188.2,"p95":315},"finish_reasons":{"length":400,"stop":9600},"safety_flags":0}}}
        """#

    static func info(index: Int = 3, partition: Int32 = -1, merged: Bool = true) -> WindowInfo {
        WindowInfo(
            topic: "predictions", partition: partition, startOffset: merged ? -1 : Int64(index) * 5_000,
            endOffset: merged ? -1 : Int64(index) * 5_000 + 4_999, events: 10_000, index: index,
            startTimeMs: ReportFixtures.newYear2026Ms + Double(index) * 10_000,
            endTimeMs: ReportFixtures.newYear2026Ms + Double(index) * 10_000 + 9_999, partial: false,
            partitions: merged ? [PartitionSpan(partition: 0, startOffset: 0, endOffset: 4_999, events: 5_000),
                                  PartitionSpan(partition: 1, startOffset: 0, endOffset: 4_999, events: 5_000)] : nil)
    }

    static func modelReport(_ json: String, index: Int = 3) throws -> OutputPayload {
        let body = try #require(try JSONValue.parse(json).objectValue)
        return .report(WindowReport(stage: .model, modelID: "fraud-detector", modelVersion: "v2", window: info(index: index), body: body))
    }

    /// The reference side and the configured thresholds (amount: PSI 0.15 / 0.3 in the configuration).
    static let context = ReportModelContext(
        reference: [
            "amount": .init(kind: "numeric", rows: 5_945, mean: 55.32, median: 36.74, std: 62.4),
            "country": .init(kind: "categorical", rows: 5_941, topCategory: "US", topShare: 0.448),
        ],
        thresholds: [
            "amount": .init(method: .psi, thresholds: DriftThresholds(warning: 0.15, critical: 0.3)),
            "country": .init(method: .chi2),
        ],
        hasPerformanceBaseline: true)

    static func render(_ json: String = full, context: ReportModelContext? = context) throws -> String {
        var state = ReportState(contexts: context.map { ["fraud-detector": $0] } ?? [:])
        #expect(state.ingest(try modelReport(json)))
        return renderReportHTML(state.snapshot(generatedAt: "test"))
    }

    static func position(_ html: String, _ text: String) throws -> String.Index {
        try #require(html.range(of: text), "\(text) is on the page").lowerBound
    }

    @Test("sections appear in order: model view, quality, drift with thresholds, dataset, data quality, LLM, versions")
    func sectionsInOrder() throws {
        let html = try Self.render()
        try expectWellFormed(html)
        let order = ["Model view: each window merges", "Model quality (inline labels)", "with each method's thresholds",
                     "Dataset summary: reference vs model window #3", "Data quality in model window #3",
                     "LLM requests in model window #3", "Model versions in model window #3", "Latest alerts"]
        let positions = try order.map { try Self.position(html, $0) }
        #expect(positions == positions.sorted(), "sections in this order: \(order)")
        #expect(!html.contains("Performance alerts are off"), "the reference has a baseline")
    }

    @Test("model quality: metrics with baselines, confusion counts, ROC curve and AUC")
    func modelQuality() throws {
        let html = try Self.render()
        #expect(html.contains("<td>0.812 <span class=\"ref\">(0.900)</span></td>"), "accuracy beside its baseline")
        #expect(html.contains("<td>0.874 <span class=\"ref\">(0.930)</span></td>"), "AUC beside its baseline")
        #expect(html.contains("<td>9.7%</td>"), "the relative drop")
        for count in ["2,300", "150", "412", "138"] { #expect(html.contains(">\(count)<"), "confusion count \(count)") }
        #expect(html.contains("AUC 0.874</text>"))
        let roc = try #require(html.range(of: "<svg class=\"roc\"")).lowerBound
        #expect(html[roc...].contains("M40 196 L58.40 104"), "the ROC path starts at (0, 0) and goes to (0.1, 0.5)")
    }

    @Test("thresholds of each feature's method: the configuration's, or the SPEC defaults without it")
    func thresholds() throws {
        let configured = try Self.render()
        #expect(configured.contains(">≥ 0.15 / ≥ 0.3<"), "amount's configured PSI thresholds")
        #expect(configured.contains(">p &lt; 0.05 / &lt; 0.001<"), "country decides on the chi2 p-value")
        #expect(configured.contains("from the configuration."))
        let defaults = try Self.render(context: nil)
        #expect(defaults.contains(">≥ 0.1 / ≥ 0.2<"), "PSI defaults when the report has no configuration")
        #expect(defaults.contains("SPEC defaults"))
        #expect(defaults.contains("Reference values need the pipeline's reference"))
    }

    @Test("dataset summary: reference and current mean, median and std side by side; rows and missing")
    func datasetSummary() throws {
        let html = try Self.render()
        let start = try Self.position(html, "Dataset summary")
        let rest = html[start...]
        let table = String(rest[..<(try #require(rest.range(of: "</table>")).lowerBound)])
        let amount = try #require(table.range(of: ">amount<")).lowerBound
        let row = String(table[amount..<(try #require(table[amount...].range(of: "</tr>")).lowerBound)])
        for cell in ["5,945", "9,700", "3.0%", "55.32", "88.25", "36.74", "60.50", "62.40", "99.50"] {
            #expect(row.contains(">\(cell)<"), "amount's row has \(cell)")
        }
        #expect(row.range(of: ">55.32<")!.lowerBound < row.range(of: ">88.25<")!.lowerBound, "reference before current")
        #expect(table.contains("most frequent: US 44.8%"))
        #expect(table.contains(">US 70.0%<"), "country's current top category from its histogram")
    }

    @Test("data quality: missing and out-of-range shares per feature, type errors, unexpected features")
    func dataQuality() throws {
        let html = try Self.render()
        let start = try Self.position(html, "Data quality in")
        let section = html[start...].prefix(3_000)
        #expect(section.contains("type errors: 4"))
        #expect(section.contains("unexpected features: promo"))
        #expect(section.contains(">3.00%<"), "amount's own missing rate from data_quality.features")
        #expect(section.contains(">1.25%<"), "amount's out-of-range rate")
    }

    @Test("LLM per version and in total; versions with error rate, latency p95 and accuracy")
    func llmAndVersions() throws {
        let html = try Self.render()
        let llm = html[try Self.position(html, "LLM requests in")...].prefix(6_000)
        #expect(llm.contains("8,991,114"), "prompt tokens with separators")
        #expect(llm.contains("$2.50"))
        #expect(llm.contains(">$0.0005<"), "v2's cost per request")
        #expect(llm.contains(">420.0 ms<"), "v2's TTFT p95")
        #expect(llm.contains("stop 85% · length 15%"), "v2's finish reasons, largest first")
        #expect(llm.contains("all versions"))
        let versions = html[try Self.position(html, "Model versions in")...].prefix(2_000)
        #expect(versions.contains(">0.90%<") && versions.contains(">95.50 ms<") && versions.contains(">0.830<"))
    }

    @Test("absent parts are skipped: no labels, no LLM, no versions; no baseline says performance alerts are off")
    func absentParts() throws {
        var body = try #require(try JSONValue.parse(Self.full).objectValue)
        body["performance"] = nil
        var system = try #require(body["system"]?.objectValue)
        system["llm"] = nil
        system["versions"] = nil
        body["system"] = .object(system)
        let bare = body.encodedString()
        var noBaseline = Self.context
        noBaseline.hasPerformanceBaseline = false
        let html = try Self.render(bare, context: noBaseline)
        try expectWellFormed(html)
        #expect(html.contains("No labelled events in the windows shown"))
        #expect(html.contains("Performance alerts are off"))
        #expect(!html.contains("LLM requests in") && !html.contains("Model versions in"))
        // A report whose labels come with a reference without them: the block's empty baseline says so.
        let unlabelledReference = Self.full.replacingOccurrences(
            of: #""baseline":{"accuracy":0.9,"precision":null,"recall":null,"f1":null,"auc":0.93}"#, with: #""baseline":{}"#)
        #expect(try Self.render(unlabelledReference).contains("Performance alerts are off"))
    }
}
