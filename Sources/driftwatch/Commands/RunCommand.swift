import ArgumentParser
import DriftwatchCore
import DriftwatchOps
import DriftwatchRuntime
import Logging
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The worker: consumes predictions, publishes alerts, retrain triggers and reports.",
        discussion: "Runs until SIGINT or SIGTERM, then flushes the producer and commits what is safe.")

    /// How long graceful shutdown may take before the group cancels what is left. The worker's
    /// own flush and close timeouts (30 s each) bound its drain; this bounds everything else.
    static let maximumGracefulShutdown = Duration.seconds(75)

    @Option(help: "Pipeline configuration (YAML).") var config: String
    @Option(help: "Bootstrap brokers, overriding the configuration and DRIFTWATCH_BROKERS.") var brokers: String?
    @Flag(help: "Validate the configuration and its reference profiles, print a summary and exit.") var check = false
    @Option(name: .customLong("log-format"), help: "Log lines on stderr: json (one object per line) or text.")
    var logFormat: LogFormat = .json
    @Option(help: ArgumentHelp("Processing threads (partitions are split between them).", visibility: .hidden))
    var lanes = 2

    func run() async throws {
        try await CommandSupport.guarded {
            let config = try CommandSupport.loadConfig(path: config, brokers: brokers)
            if check {
                _ = try CommandSupport.loadContext(config: config)
                print(OpsRuntime.checkSummary(config: config))
                return
            }
            logFormat.bootstrap()
            let logger = Logger(label: "driftwatch")
            let ops = OpsRuntime(config: config, logger: logger)
            OpsRuntime.bootstrapMetrics(ops.registry)
            let context = try CommandSupport.loadContext(config: config, stageTimer: ops.stageTimer)
            await ops.reportStore.setContexts(ReportModelContext.all(context))
            var options = Worker.Options(brokers: config.kafka.brokers, groupID: config.kafka.groupID)
            options.properties = config.kafka.properties
            options.lanes = max(1, lanes)
            options.onOutput = ops.onOutput
            let worker = Worker(context: context, options: options, logger: logger)
            // The worker starts once HTTP listens, and stops first (a group stops in reverse order).
            let listening = StartGate()
            let services = try ops.services(status: worker.status, listening: listening)
                + [WorkerService(worker: worker, startAfter: listening)]
            var groupConfiguration = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            groupConfiguration.maximumGracefulShutdownDuration = Self.maximumGracefulShutdown
            let group = ServiceGroup(configuration: groupConfiguration)
            try await group.run()
            let snapshot = worker.status.snapshot
            switch logFormat {
            case .json:
                // The closing summary is a log record too, so the stream stays JSON to its end.
                let (c, m) = (snapshot.counters, snapshot.modelStage)
                logger.info("run.summary", metadata: [
                    "events": "\(c.events)", "labels": "\(c.labels)", "dead_letters": "\(c.deadLettered)",
                    "partition_windows": "\(c.windowsClosed)", "model_windows": "\(m.modelWindows)",
                    "alerts": "\(m.alerts)", "retrain_triggers": "\(m.triggers)",
                ])
            case .text:
                CommandSupport.printSummary(snapshot.counters, snapshot.modelStage)
            }
        }
    }
}
