import DriftwatchOps
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Report HTML")
struct ReportHTMLTests {
    @Test("the page is well-formed XML: every tag closed, every entity known")
    func wellFormed() async throws {
        let store = await ReportFixtures.populatedStore()
        let html = renderReportHTML(await store.snapshot(generatedAt: "2026-01-01T00:02:00Z"), refreshSeconds: 30)
        try writeSample(html)
        try expectWellFormed(html)
    }

    @Test("every monitored feature, the latest alert and trigger appear; no network resources")
    func content() async throws {
        let store = await ReportFixtures.populatedStore()
        let html = renderReportHTML(await store.snapshot(generatedAt: "now"))
        let missing = ReportFixtures.allFeatures.filter { !html.contains(">\($0)<") }
        #expect(missing.isEmpty, "features missing from the report: \(missing)")
        let hasAlert = html.contains(ReportFixtures.latestAlertSummary)
        #expect(hasAlert, "the latest alert's summary is missing")
        let hasTrigger = html.contains(">retrain:fraud-detector:predictions-0:60000-69999:scheduled<")
        #expect(hasTrigger, "the trigger id is missing")
        let network = ["<script", "<link", "src=", "href=\"http", "@import", "url("].filter { html.contains($0) }
        #expect(network.isEmpty, "the page loads something: \(network)")
        let svgCount = html.components(separatedBy: "<svg").count - 1
        #expect(svgCount == 1 + ReportFixtures.allFeatures.count + 1, "one trend chart, one histogram per feature and one for the score")
    }

    @Test("features are sorted worst first: critical, then warning, then none; PSI breaks ties")
    func worstFirst() async throws {
        let store = await ReportFixtures.populatedStore()
        let html = renderReportHTML(await store.snapshot(generatedAt: "now"))
        let table = try #require(html.range(of: "worst first</h3>")).upperBound
        let rest = String(html[table...])
        func position(_ name: String) throws -> String.Index { try #require(rest.range(of: ">\(name)<")).lowerBound }
        // amount 0.42+, distance_km 0.31+, customer_age 0.27+ critical; failed_logins, merchant_category warning.
        #expect(try position("amount") < position("distance_km"))
        #expect(try position("distance_km") < position("customer_age"))
        #expect(try position("customer_age") < position("failed_logins"))
        #expect(try position("merchant_category") < position("income"))
    }

    @Test("text from messages is escaped")
    func escaping() throws {
        var input = ReportFixtures.windowInput(7)
        input.features[0].name = "<b>x&y</b>"
        let snapshot = ReportSnapshot(
            generatedAt: "t", models: [.init(modelID: "m\"<1>", windows: [input], alerts: [
                ReportNotice(kind: .alert, id: "a", modelID: "m", type: "data_quality", level: "warning",
                    summary: "<script>alert(1)</script>", createdAt: "t")
            ])])
        let html = renderReportHTML(snapshot)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;b&gt;x&amp;y&lt;/b&gt;"))
        try expectWellFormed(html)
    }

    @Test("empty store and a model without windows render a readable page")
    func emptyStates() async throws {
        let empty = renderReportHTML(ReportSnapshot(generatedAt: "t", models: []))
        #expect(empty.contains("No windows closed yet"))
        try expectWellFormed(empty)
        let store = ReportStore()
        await store.record(notice: ReportNotice(kind: .alert, id: "a1", modelID: "m", type: "latency", level: "critical", summary: "p99 2.5 s", createdAt: "t"))
        let html = renderReportHTML(await store.snapshot(generatedAt: "t"))
        #expect(html.contains("No window of this model has closed yet"))
        #expect(html.contains("p99 2.5 s"))
        try expectWellFormed(html)
    }

    /// Leaves the rendered sample where a person (or headless Chromium) can look at it.
    private func writeSample(_ html: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-report-sample.html")
        try html.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Parses `html` as XML (our HTML is XHTML-compatible by construction) and fails with the parser's error.
func expectWellFormed(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parser = XMLParser(data: Data(html.utf8))
    let ok = parser.parse()
    #expect(ok, "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber) column \(parser.columnNumber)", sourceLocation: sourceLocation)
}
