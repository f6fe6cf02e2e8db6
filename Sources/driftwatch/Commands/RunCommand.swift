import ArgumentParser
import Dispatch
import DriftwatchCore
import DriftwatchRuntime
import Foundation
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The worker: consumes predictions, publishes alerts, retrain triggers and reports.",
        discussion: "Runs until SIGINT or SIGTERM, then flushes the producer and commits what is safe.")

    @Option(help: "Pipeline configuration (YAML).") var config: String
    @Option(help: "Bootstrap brokers, overriding the configuration and DRIFTWATCH_BROKERS.") var brokers: String?
    @Flag(help: "Validate the configuration and its reference profiles, print a summary and exit.") var check = false

    func run() throws {
        try CommandSupport.guarded {
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
            options.onOutput = ops.onOutput
            let worker = Worker(context: context, options: options, logger: logger)
            let stop = StopFlag()
            let signals = SignalWatch(stop: stop)
            defer { withExtendedLifetime(signals) {} }
            ops.start(status: worker.status)
            defer { ops.stop() }
            try worker.run(stop: stop)
            CommandSupport.printSummary(worker.status.snapshot.counters)
        }
    }
}

/// SIGINT/SIGTERM set the stop flag; the worker then shuts down gracefully.
final class SignalWatch {
    private var sources: [any DispatchSourceSignal] = []

    init(stop: StopFlag) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.stop() }
            source.resume()
            sources.append(source)
        }
    }
}
