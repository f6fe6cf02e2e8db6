import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import Foundation
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
    @Option(help: ArgumentHelp("Processing threads (partitions are split between them).", visibility: .hidden))
    var lanes = 2
    @Option(name: .customLong("stop-after"), help: ArgumentHelp(
        "Benchmarks: stop once this many messages are processed and print timings as JSON.", visibility: .hidden))
    var stopAfter: Int?

    func run() async throws {
        try await CommandSupport.guarded {
            let config = try CommandSupport.loadConfig(path: config, brokers: brokers)
            if check {
                _ = try CommandSupport.loadContext(config: config)
                print(OpsRuntime.checkSummary(config: config))
                return
            }
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            let logger = Logger(label: "driftwatch")
            let ops = OpsRuntime(config: config, logger: logger)
            OpsRuntime.bootstrapMetrics(ops.registry)
            let context = try CommandSupport.loadContext(config: config, stageTimer: ops.stageTimer)
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
            let started = ContinuousClock.now
            let finished = StopAfter.watch(worker: worker, group: group, after: stopAfter)
            try await group.run()
            CommandSupport.printSummary(worker.status.snapshot.counters)
            if let stopAfter { StopAfter.report(worker: worker, started: started, finished: finished, target: stopAfter) }
        }
    }
}

/// `--stop-after N`: watches the worker's own counters and stops it once N messages are
/// processed; the timings then go to stdout as one JSON object.
enum StopAfter {
    final class Finish: @unchecked Sendable {
        let lock = NSLock()
        var at: ContinuousClock.Instant?
    }

    static func watch(worker: Worker, group: ServiceGroup, after target: Int?) -> Finish {
        let finish = Finish()
        guard let target else { return finish }
        Thread.detachNewThread {
            while !worker.status.snapshot.stopping {
                if worker.status.snapshot.counters.consumed >= target {
                    finish.lock.lock()
                    finish.at = ContinuousClock.now
                    finish.lock.unlock()
                    Task { await group.triggerGracefulShutdown() }
                    return
                }
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        return finish
    }

    static func report(worker: Worker, started: ContinuousClock.Instant, finished: Finish, target: Int) {
        let status = worker.status.snapshot
        finished.lock.lock()
        let end = finished.at ?? ContinuousClock.now
        finished.lock.unlock()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let first = status.firstMessageAt ?? started
        let c = status.counters
        print("""
            {"messages":\(c.consumed),"events":\(c.events),"dead_lettered":\(c.deadLettered),\
            "windows":\(c.windowsClosed),"alerts":\(c.alerts),"triggers":\(c.triggers),\
            "seconds_from_start":\((end - started).seconds),"seconds_from_first_message":\((end - first).seconds),\
            "max_rss_kb":\(usage.ru_maxrss)}
            """)
    }
}
