import DriftwatchCore
import DriftwatchOps
import DriftwatchRuntime
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization

/// The worker's operations side (SPEC section 9): the HTTP endpoint (`/metrics`, `/healthz`,
/// `/readyz`, `/report`), the metrics fed from what the worker publishes and from its status,
/// readiness from its assignment and a broker probe.
///
/// `run` creates one, passes `observer` to the worker (`Worker.Options.onOutput`), calls
/// `start(status:)` before the worker blocks and `stop()` after it returns.
final class OpsRuntime: Sendable {
    let registry = PrometheusCollectorRegistry()
    let metrics: DriftwatchMetrics
    let readiness: Readiness
    let reportStore = ReportStore()
    let observer: PublishedMessageObserver
    let config: DriftwatchConfig
    let logger: Logger
    private let tasks = TaskBox()
    /// The HTTP endpoint's service group, shut down gracefully (in-flight scrapes finish) by `stop()`.
    private let http = Mutex<ServiceGroup?>(nil)
    private let httpStopped = DispatchSemaphore(value: 0)

    /// Bootstraps swift-metrics with this registry: call once per process (main only, never tests).
    static func bootstrapMetrics(_ registry: PrometheusCollectorRegistry) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    init(config: DriftwatchConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        metrics = DriftwatchMetrics(registry: registry)
        readiness = Readiness(metrics: metrics)
        observer = PublishedMessageObserver(metrics: metrics, reportStore: reportStore)
    }

    /// Times each stage's window analysis into `driftwatch_window_analysis_seconds`.
    var stageTimer: any StageTimer { MetricsStageTimer(metrics: metrics) }

    /// What the worker calls for each output message.
    var onOutput: @Sendable (OutputMessage) -> Void {
        { [observer] message in observer.observe(topic: message.topic, value: message.value) }
    }

    /// Starts the HTTP endpoint (unless `http.enabled` is false), the broker probe and the status
    /// poller; `/readyz` turns unready as soon as `stop` is set (SIGTERM), while the worker drains.
    func start(status: WorkerStatus, stop: StopFlag? = nil) {
        if config.http.enabled {
            let app = makeOpsApplication(
                configuration: OpsHTTPConfiguration(host: config.http.address, port: config.http.port),
                registry: registry, readiness: readiness, reportStore: reportStore, logger: logger,
                onServerRunning: { [logger] port in
                    logger.info("ops.http.listening", metadata: ["http.port": "\(port)"])
                })
            let group = ServiceGroup(services: [app], logger: logger)
            http.withLock { $0 = group }
            Task {
                do { try await group.run() } catch {
                    self.logger.error("ops.http.failed", metadata: ["error": "\(error)"])
                }
                self.httpStopped.signal()
            }
        }
        let topics = config.topics
        let lagSource: @Sendable () -> [KafkaLagInput] = {
            let snapshot = status.snapshot
            let assigned = Set(snapshot.assigned)
            return snapshot.committed.compactMap { key, offset -> KafkaLagInput? in
                guard let slash = key.lastIndex(of: "/"), let partition = Int32(key[key.index(after: slash)...]) else { return nil }
                let topic = String(key[..<slash])
                guard assigned.contains("\(topic)[\(partition)]") else { return nil }
                return KafkaLagInput(topic: topic, partition: partition, committedOffset: offset)
            }
        }
        do {
            let probe = try KafkaHealthProbe.make(
                bootstrapServers: config.kafka.brokers, properties: config.kafka.properties, readiness: readiness,
                metrics: metrics, lagSource: lagSource, logger: logger)
            tasks.add(Task { await probe.run(interval: .seconds(5)) })
        } catch {
            logger.warning("ops.probe.failed", metadata: ["error": "\(error)"])
        }
        tasks.add(Task { [metrics, readiness] in
            var last = ProcessorCounters()
            var started = false
            while !Task.isCancelled {
                let snapshot = status.snapshot
                let c = snapshot.counters
                metrics.eventsConsumed(topic: topics.predictions, count: max(0, (c.consumed - c.labels) - (last.consumed - last.labels)))
                if let labels = topics.labels { metrics.eventsConsumed(topic: labels, count: max(0, c.labels - last.labels)) }
                let deadLettered = max(0, c.deadLettered - last.deadLettered)
                if deadLettered > 0 {
                    metrics.decodeErrors(topic: topics.predictions, count: deadLettered)
                    metrics.deadLettered(sourceTopic: topics.predictions, count: deadLettered)
                }
                last = c
                metrics.labelJoinPending(snapshot.pendingLabels)
                if snapshot.ready && !started {
                    readiness.started()
                    started = true
                }
                readiness.partitionsAssigned(snapshot.assigned.filter { $0.hasPrefix(topics.predictions + "[") }.count)
                if stop?.isStopped == true { readiness.shuttingDown() }
                try? await Task.sleep(for: .seconds(1))
            }
        })
    }

    /// Unready at once; the loops stop, then the endpoint shuts down gracefully (up to 5 s).
    func stop() {
        readiness.shuttingDown()
        tasks.cancelAll()
        guard let group = http.withLock({ $0 }) else { return }
        Task { await group.triggerGracefulShutdown() }
        _ = httpStopped.wait(timeout: .now() + 5)
    }
}

/// The long-lived tasks of `OpsRuntime`, cancelled together.
private final class TaskBox: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])
    func add(_ task: Task<Void, Never>) { tasks.withLock { $0.append(task) } }
    func cancelAll() { tasks.withLock { $0.forEach { $0.cancel() } } }
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

/// `replay --html`: the same report `/report` serves, built from the replayed messages.
final class ReplayReport: Sendable {
    private let state = Mutex(ReportState(maxWindows: 48, maxNotices: 50))

    func ingest(_ value: [UInt8]) {
        _ = state.withLock { $0.ingest(json: value) }
    }

    /// Deterministic: the header names the input instead of the wall clock.
    func write(to path: String, title: String) throws {
        let html = renderReportHTML(state.withLock { $0.snapshot(generatedAt: title) })
        guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else {
            throw CommandFailure("cannot write the HTML report \(path).")
        }
    }
}

/// `StageTimer` over the metrics facade: the pipeline's window analysis, timed per stage.
struct MetricsStageTimer: StageTimer {
    let metrics: DriftwatchMetrics

    func measure<T>(stage: String, _ body: () -> T) -> T {
        metrics.measureWindowAnalysis(stage: stage, body)
    }
}

/// `replay`'s live progress on stderr (stdout may carry the output): events, events/s, windows,
/// alerts; redrawn in place at most 10 times a second, and silent when stderr is not a terminal.
final class ReplayProgress {
    let enabled: Bool
    private let started = ContinuousClock.now
    private var last = ContinuousClock.now - .seconds(1)

    init(enabled: Bool) { self.enabled = enabled }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    func show(done: Int, total: Int, counters: ProcessorCounters) {
        guard enabled, done == total || ContinuousClock.now - last > .milliseconds(100) else { return }
        last = ContinuousClock.now
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let line = String(
            format: "\r  replayed %d/%d events  %.0f events/s  windows %d  alerts %d  triggers %d   ",
            done, total, rate, counters.windowsClosed, counters.alerts, counters.triggers)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
