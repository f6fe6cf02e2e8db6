import DriftwatchCore
@testable import DriftwatchOps
import Foundation
import Testing

/// The charts' axes: proportions never above 100%, and no x-axis with windows of different
/// partitions side by side.
@Suite("Report charts")
struct ReportChartTests {
    /// The y tick labels of a histogram SVG ("0%", "50%", "100%").
    static func yTicks(_ svg: Substring) -> [String] {
        svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().compactMap { part in
            part.split(separator: "<").first.map(String.init)
        }.filter { $0.hasSuffix("%") }
    }

    /// The histogram SVG drawn for `name` on the page.
    static func histogram(_ html: String, _ name: String) throws -> Substring {
        let card = try #require(html.range(of: "<b title=\"\(name)\">\(name)</b><span class=\"badge")).upperBound
        let start = try #require(html[card...].range(of: "<svg")).lowerBound
        let end = try #require(html[start...].range(of: "</svg>")).upperBound
        return html[start..<end]
    }

    @Test("a 96% bar gets a 100% axis, not 200%; small shares keep a tight axis")
    func proportionAxis() throws {
        var state = ReportState()
        #expect(state.ingest(try ReportSectionsTests.modelReport(ReportSectionsTests.full)))
        let html = renderReportHTML(state.snapshot(generatedAt: "t"))
        let prediction = Self.yTicks(try Self.histogram(html, "prediction"))
        #expect(prediction == ["0%", "50%", "100%"], "prediction's reference class 0 is 96%: \(prediction)")
        #expect(!html.contains(">200%<"))
        let amount = Self.yTicks(try Self.histogram(html, "amount"))
        #expect(amount.last == "50%", "amount's tallest bar is 40%: \(amount)")
    }

    @Test(arguments: [(0.96, 1.0), (0.4, 0.5), (0.12, 0.15), (1.0, 1.0), (0.05, 0.06), (0.0, 1.0)])
    func proportionCeilingIsTightAndCapped(_ peak: Double, _ expected: Double) {
        #expect(abs(proportionCeiling(peak) - expected) < 1e-12, "peak \(peak)")
    }

    /// The x tick labels of the PSI trend ("#3", "p1 #2").
    static func trendLabels(_ html: String) throws -> [String] {
        let start = try #require(html.range(of: "<svg class=\"trend\"")).lowerBound
        let end = try #require(html[start...].range(of: "</svg>")).upperBound
        return html[start..<end].components(separatedBy: "text-anchor=\"middle\">").dropFirst().compactMap { part in
            part.split(separator: "<").first.map(String.init)
        }
    }

    @Test("model windows only on the x-axis, when there are any, even beside partition windows")
    func modelWindowsOnly() throws {
        var state = ReportState()
        for index in 0..<4 { #expect(state.ingest(try ReportSectionsTests.modelReport(ReportSectionsTests.full, index: index))) }
        // Partition windows recorded directly (as an older runtime did) stay off the chart.
        for partition: Int32 in [0, 1] {
            var input = ReportFixtures.windowInput(9)
            input.window = ReportSectionsTests.info(index: 9, partition: partition, merged: false)
            state.record(input)
        }
        let html = renderReportHTML(state.snapshot(generatedAt: "t"))
        #expect(try Self.trendLabels(html) == ["#0", "#1", "#2", "#3"])
    }

    @Test("without model windows the axis shows one partition's windows and says so")
    func onePartitionOnly() throws {
        var state = ReportState()
        for index in 0..<3 {
            for partition: Int32 in [0, 1] {
                var input = ReportFixtures.windowInput(index)
                input.window = ReportSectionsTests.info(index: index, partition: partition, merged: false)
                state.record(input)
            }
        }
        let html = renderReportHTML(state.snapshot(generatedAt: "t"))
        let labels = try Self.trendLabels(html)
        #expect(labels == ["p1 #0", "p1 #1", "p1 #2"], "partition 1 closed the latest window: \(labels)")
        #expect(html.contains("Partition 1 only: windows of 1 other partition are not on this axis."))
        try expectWellFormed(html)
    }
}
