import DriftwatchOps
import Foundation
import Prometheus
import Testing

@Suite("Grafana dashboard")
struct DashboardMetricsTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `expr` in a dashboard JSON, however deeply nested.
    static func expressions(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, inner -> [String] in
                if key == "expr", let text = inner as? String { return [text] }
                return expressions(in: inner)
            }
        }
        if let array = value as? [Any] { return array.flatMap { expressions(in: $0) } }
        return []
    }

    static func driftwatchNames(in expression: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: "driftwatch_[a-z0-9_]+")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(regex.matches(in: expression, range: range).compactMap { match in
            Range(match.range, in: expression).map { String(expression[$0]) }
        })
    }

    @Test("every metric a dashboard panel queries is one /metrics exposes")
    func dashboardNamesExist() async throws {
        let folder = Self.repositoryRoot.appendingPathComponent("docker/grafana/dashboards")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(!files.isEmpty, "no dashboards in \(folder.path)")

        let registry = PrometheusCollectorRegistry()
        MetricsExercise.recordOneOfEverything(DriftwatchMetrics(registry: registry))
        let exposition = try await withOpsServer(registry: registry, readiness: Readiness(), reportStore: ReportStore()) { port in
            try await httpGet(port: port, path: "/metrics").body
        }
        let families = exposedMetricNames(exposition)
        // Histograms expose name_bucket, name_sum and name_count series.
        var series = families
        for family in families { series.formUnion([family + "_bucket", family + "_sum", family + "_count"]) }

        var queried = Set<String>()
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
            let expressions = Self.expressions(in: json)
            #expect(expressions.count >= 10, "\(file.lastPathComponent) has few queries")
            for expression in expressions { queried.formUnion(Self.driftwatchNames(in: expression)) }
        }
        let unknown = queried.subtracting(series).sorted()
        #expect(unknown.isEmpty, "dashboard queries metrics driftwatch does not export: \(unknown)")
        #expect(queried.count >= 12, "the dashboard should chart most metrics, queries \(queried.sorted())")
    }
}
