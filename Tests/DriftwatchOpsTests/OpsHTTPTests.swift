import DriftwatchOps
import Foundation
import Prometheus
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Ops HTTP endpoint", .timeLimit(.minutes(1)))
struct OpsHTTPTests {
    @Test("/healthz answers 200 while the process runs, whatever readiness says")
    func healthz() async throws {
        let registry = PrometheusCollectorRegistry()
        let readiness = Readiness()
        try await withOpsServer(registry: registry, readiness: readiness, reportStore: ReportStore()) { port in
            let reply = try await httpGet(port: port, path: "/healthz")
            #expect(reply.status == 200)
            #expect(reply.body == "ok\n")
            let missing = try await httpGet(port: port, path: "/nope")
            #expect(missing.status == 404)
        }
    }

    @Test("/readyz: unready until started with partitions and brokers; unready while brokers are down; ready again")
    func readyzTransitions() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        let readiness = Readiness(metrics: metrics)
        try await withOpsServer(registry: registry, readiness: readiness, reportStore: ReportStore()) { port in
            var reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 503)
            #expect(reply.body.contains("not started"))

            readiness.started()
            readiness.brokersReachable(true)
            reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 503)
            #expect(reply.body.contains("no partitions assigned"))

            readiness.partitionsAssigned(3)
            reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 200)
            #expect(reply.body.contains("3 partitions"))
            #expect(sampleValue(try await httpGet(port: port, path: "/metrics").body, "driftwatch_ready") == 1)

            readiness.brokersReachable(false)
            reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 503)
            #expect(reply.body.contains("brokers unreachable"))
            #expect(sampleValue(try await httpGet(port: port, path: "/metrics").body, "driftwatch_ready") == 0)

            readiness.brokersReachable(true)
            reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 200)

            readiness.shuttingDown()
            reply = try await httpGet(port: port, path: "/readyz")
            #expect(reply.status == 503)
            #expect(reply.body.contains("shutting down"))
        }
    }

    @Test("/metrics exposes every driftwatch metric, counts what was recorded, and passes promtool")
    func metricsEndpoint() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        MetricsExercise.recordOneOfEverything(metrics)
        let text = try await withOpsServer(registry: registry, readiness: Readiness(), reportStore: ReportStore()) { port in
            let reply = try await httpGet(port: port, path: "/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            return reply.body
        }
        let names = exposedMetricNames(text)
        let missing = DriftwatchMetricName.allCases.map(\.rawValue).filter { !names.contains($0) }
        #expect(missing.isEmpty, "not exposed: \(missing)")
        #expect(sampleValue(text, #"driftwatch_events_consumed_total{topic="predictions"}"#) == 12_000)
        #expect(sampleValue(text, #"driftwatch_decode_errors_total{topic="predictions"}"#) == 3)
        #expect(sampleValue(text, "driftwatch_alerts_suppressed_total") == 2)
        #expect(sampleValue(text, #"driftwatch_windows_closed_total{model_id="fraud-detector",stage="feature_profiler"}"#) == 2)
        #expect(sampleValue(text, #"driftwatch_feature_psi{model_id="fraud-detector",feature="amount"}"#) == 0.42)
        #expect(sampleValue(text, #"driftwatch_feature_drift_severity{model_id="fraud-detector",feature="amount"}"#) == 2)
        #expect(sampleValue(text, #"driftwatch_consumer_lag_messages{topic="predictions",partition="1"}"#) == 250)
        #expect(sampleValue(text, #"driftwatch_window_analysis_seconds_count{stage="feature_profiler"}"#) == 2)
        for name in DriftwatchMetricName.allCases {
            let hasHelp = text.contains("# HELP \(name.rawValue) ")
            #expect(hasHelp, "\(name.rawValue) has no HELP line")
        }

        guard let check = try promtoolCheckMetrics(text) else {
            print("promtool not installed (Debian package prometheus): skipping the promtool lint of /metrics")
            return
        }
        #expect(check.status == 0, "promtool check metrics: \(check.output)")
    }

    @Test("/report serves the store's page as well-formed HTML with every feature and the latest alert")
    func reportEndpoint() async throws {
        let store = await ReportFixtures.populatedStore()
        try await withOpsServer(registry: PrometheusCollectorRegistry(), readiness: Readiness(), reportStore: store) { port in
            let reply = try await httpGet(port: port, path: "/report")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
            try expectWellFormed(reply.body)
            let missing = ReportFixtures.allFeatures.filter { !reply.body.contains(">\($0)<") }
            #expect(missing.isEmpty, "missing features: \(missing)")
            let hasAlert = reply.body.contains(ReportFixtures.latestAlertSummary)
            #expect(hasAlert)
        }
    }
}

/// Calls every facade method, with known amounts.
enum MetricsExercise {
    static func recordOneOfEverything(_ metrics: DriftwatchMetrics) {
        metrics.eventsConsumed(topic: "predictions", count: 10_000)
        metrics.eventsConsumed(topic: "predictions", count: 2_000)
        metrics.eventsConsumed(topic: "labels", count: 300)
        metrics.decodeErrors(topic: "predictions", count: 3)
        metrics.deadLettered(sourceTopic: "predictions", count: 3)
        metrics.messagesPublished(topic: "model-alerts")
        metrics.windowClosed(modelID: "fraud-detector", stage: "feature_profiler")
        metrics.windowClosed(modelID: "fraud-detector", stage: "feature_profiler")
        metrics.windowClosed(modelID: "fraud-detector", stage: "system_logger")
        metrics.windowAnalysis(stage: "feature_profiler", duration: .milliseconds(12))
        metrics.measureWindowAnalysis(stage: "feature_profiler") { _ = (0..<1000).reduce(0, +) }
        metrics.featureDrift(modelID: "fraud-detector", feature: "amount", psi: 0.42, severity: .critical)
        metrics.featureDrift(modelID: "fraud-detector", feature: "income", psi: 0.01, severity: .none)
        metrics.predictionDrift(modelID: "fraud-detector", output: "score", psi: 0.18)
        metrics.driftShare(modelID: "fraud-detector", 0.31)
        metrics.alertPublished(modelID: "fraud-detector", type: "feature_drift", severity: "critical")
        metrics.alertsSuppressed(count: 2)
        metrics.retrainTriggerPublished(modelID: "fraud-detector", urgency: "scheduled")
        metrics.consumerLag(topic: "predictions", partition: 1, messages: 250)
        metrics.labelJoinPending(42)
        metrics.assignedPartitions(3)
        metrics.eventLatency(seconds: 0.8)
        metrics.ready(true)
    }
}
