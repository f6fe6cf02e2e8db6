import DriftwatchCore
import DriftwatchKafka
import DriftwatchOps
import Foundation
import Prometheus
import Testing

/// SPEC section 9: a scrape before any traffic already has every counter (at 0), the process
/// metrics and the build info; HEAD /metrics answers like GET without a body.
@Suite("Ops /metrics at start-up", .timeLimit(.minutes(1)))
struct StartupMetricsTests {
    static var config: DriftwatchConfig {
        var config = DriftwatchConfig()
        config.topics.labels = "labels"
        config.models["fraud-detector"] = DriftwatchConfig.Model(reference: "fraud.json")
        config.models["churn"] = DriftwatchConfig.Model(reference: "churn.json")
        return config
    }

    static func firstScrape() async throws -> String {
        let registry = PrometheusCollectorRegistry()
        DriftwatchMetrics(registry: registry).registerStartupSeries(config: config)
        return try await withOpsServer(registry: registry, readiness: Readiness(), reportStore: ReportStore()) { port in
            try await httpGet(port: port, path: "/metrics").body
        }
    }

    /// Sample lines (not comments) of `family`: `name{labels} value`.
    static func samples(_ text: String, _ family: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }
    }

    @Test("every counter is present at 0 for the configured topics and models before any traffic")
    func countersAtZero() async throws {
        let text = try await Self.firstScrape()
        let counters = DriftwatchMetricName.allCases.filter { $0.kind == .counter }
        for counter in counters {
            let lines = Self.samples(text, counter.rawValue)
            #expect(!lines.isEmpty, "\(counter.rawValue) is missing from the first scrape")
            #expect(lines.allSatisfy { $0.hasSuffix(" 0") }, "\(counter.rawValue) not at 0: \(lines)")
        }
        for topic in ["predictions", "labels"] {
            #expect(sampleValue(text, #"driftwatch_decode_errors_total{topic="\#(topic)"}"#) == 0)
            #expect(sampleValue(text, #"driftwatch_dead_letter_messages_total{topic="\#(topic)"}"#) == 0)
            #expect(sampleValue(text, #"driftwatch_events_consumed_total{topic="\#(topic)"}"#) == 0)
        }
        #expect(sampleValue(text, #"driftwatch_messages_published_total{topic="driftwatch-dead-letter"}"#) == 0)
        for model in ["fraud-detector", "churn"] {
            #expect(sampleValue(text, #"driftwatch_alerts_published_total{model_id="\#(model)",type="feature_drift",severity="critical"}"#) == 0)
            #expect(sampleValue(text, #"driftwatch_retrain_triggers_published_total{model_id="\#(model)",urgency="rollback"}"#) == 0)
            #expect(sampleValue(text, #"driftwatch_windows_closed_total{model_id="\#(model)",stage="feature_profiler"}"#) == 0)
        }
        // Two models x every alert type x two severities.
        let alertSeries = Self.samples(text, DriftwatchMetricName.alertsPublished.rawValue).count
        #expect(alertSeries == 2 * AlertType.allCases.count * 2)
        if let check = try promtoolCheckMetrics(text) {
            #expect(check.status == 0, "promtool check metrics: \(check.output)")
        }
    }

    @Test("process CPU and resident memory come from /proc; build info is 1 with the versions as labels")
    func processAndBuildInfo() async throws {
        let text = try await Self.firstScrape()
        #if os(Linux)
        let cpu = try #require(sampleValue(text, "process_cpu_seconds_total"))
        let rss = try #require(sampleValue(text, "process_resident_memory_bytes"))
        #expect(cpu > 0)
        #expect(rss > 1_000_000, "a Swift test process holds more than 1 MB resident")
        #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
        #expect(text.contains("# TYPE process_resident_memory_bytes gauge"))
        #endif
        let info = BuildInfo.current
        #expect(info.librdkafkaVersion == librdkafkaVersion)
        let series = #"driftwatch_build_info{version="\#(info.version)",swift_version="\#(info.swiftVersion)",librdkafka_version="\#(info.librdkafkaVersion)"}"#
        #expect(sampleValue(text, series) == 1, "\(Self.samples(text, "driftwatch_build_info"))")
        #expect(info.librdkafkaVersion.hasPrefix("2."))
    }

    @Test("HEAD /metrics: 200 with the GET's headers and no body")
    func headMetrics() async throws {
        let registry = PrometheusCollectorRegistry()
        _ = DriftwatchMetrics(registry: registry)
        try await withOpsServer(registry: registry, readiness: Readiness(), reportStore: ReportStore()) { port in
            let head = try await httpGet(port: port, path: "/metrics", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let length = try #require(head.headers["content-length"].flatMap { Int($0) })
            #expect(length > 100, "HEAD announces the length of the body GET would send")
            let get = try await httpGet(port: port, path: "/metrics")
            #expect(get.status == 200 && !get.body.isEmpty)
            let healthz = try await httpGet(port: port, path: "/healthz", method: "HEAD")
            #expect(healthz.status == 200 && healthz.body.isEmpty)
        }
    }
}
