import DriftwatchCore
import DriftwatchOps
import DriftwatchRuntime
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization
import DriftwatchKafka

/// The worker's operations side (SPEC section 9), wired for `run`: the registry, metrics,
/// readiness and report store, and the services that feed and serve them — the HTTP endpoint
/// (`/metrics`, `/healthz`, `/readyz`, `/report`), the broker probe and the status poller.
///
/// `run` passes `onOutput` to the worker (`Worker.Options.onOutput`) and puts `services(…)`
/// before the worker in its `ServiceGroup`, so they stop after it (HTTP last).
final class OpsRuntime: Sendable {
    let registry = PrometheusCollectorRegistry()
    let metrics: DriftwatchMetrics
    let readiness: Readiness
    let reportStore = ReportStore()
    let observer: OutputObserver
    let eventLog: OutputEventLog
    let config: DriftwatchConfig
    let logger: Logger

    /// Bootstraps swift-metrics with this registry: call once per process (main only, never tests).
    static func bootstrapMetrics(_ registry: PrometheusCollectorRegistry) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    init(config: DriftwatchConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        metrics = DriftwatchMetrics(registry: registry)
        metrics.registerStartupSeries(config: config)
        readiness = Readiness(metrics: metrics)
        observer = OutputObserver(metrics: metrics, reportStore: reportStore)
        eventLog = OutputEventLog(logger: logger)
    }

    /// Times each stage's window analysis into `driftwatch_window_analysis_seconds`.
    var stageTimer: any StageTimer { MetricsStageTimer(metrics: metrics) }

    /// What the worker calls for each output message: metrics and /report, and one log line
    /// per window, alert, trigger and dead letter.
    var onOutput: @Sendable (OutputMessage) -> Void {
        { [observer, eventLog] message in
            observer.observe(message)
            eventLog.observe(message)
        }
    }

    /// The operations services in start order (HTTP first, so it stops last). `listening` opens
    /// once the HTTP endpoint is bound (at once when `http.enabled` is false). Throws when the
    /// broker probe cannot be made (the Kafka properties are wrong: the worker could not start either).
    func services(status: WorkerStatus, listening: StartGate) throws -> [any Service] {
        var services: [any Service] = []
        if config.http.enabled {
            services.append(OpsHTTPService(
                configuration: OpsHTTPConfiguration(host: config.http.address, port: config.http.port),
                registry: registry, readiness: readiness, reportStore: reportStore, logger: logger,
                onListening: { [logger] port in
                    logger.info("ops.http.listening", metadata: ["http.port": "\(port)"])
                    listening.open()
                }))
        } else {
            listening.open()
        }
        let lagSource: @Sendable () -> [KafkaLagInput] = {
            let snapshot = status.snapshot
            return snapshot.assigned.compactMap { tp in
                snapshot.committed[tp].map { KafkaLagInput(topic: tp.topic, partition: tp.partition, committedOffset: $0) }
            }
        }
        services.append(try KafkaHealthProbe.make(
            bootstrapServers: config.kafka.brokers, properties: config.kafka.properties, readiness: readiness,
            metrics: metrics, lagSource: lagSource, logger: logger))
        services.append(WorkerStatusMetrics(
            status: status, metrics: metrics, readiness: readiness,
            predictionsTopic: config.topics.predictions, labelsTopic: config.topics.labels))
        return services
    }
}

extension OpsRuntime {
    /// `run --check`: one line per model, after the configuration and references loaded.
    static func checkSummary(config: DriftwatchConfig) -> String {
        var lines = ["\(config.sourcePath): ok"]
        for id in config.modelIDs {
            let model = config.models[id]!
            lines.append("  model \(id): reference \(model.reference), \(model.predictionType), \(model.features.count) configured features, \(model.ignore.count) ignored")
        }
        var topics = "  topics: predictions \(config.topics.predictions)"
        if let labels = config.topics.labels { topics += ", labels \(labels)" }
        topics += ", alerts \(config.topics.alerts), retrain \(config.topics.retrain), dead letter \(config.topics.deadLetter)"
        lines.append(topics)
        lines.append("  brokers \(config.kafka.brokers), group \(config.kafka.groupID), http \(config.http.enabled ? "\(config.http.address):\(config.http.port)" : "off")")
        return lines.joined(separator: "\n")
    }
}
