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
    @Option(help: ArgumentHelp("Processing threads (partitions are split between them).", visibility: .hidden))
    var lanes = 2
    @Option(name: .customLong("stop-after"), help: ArgumentHelp(
        "Benchmarks: stop once this many messages are processed and print timings as JSON.", visibility: .hidden))
    var stopAfter: Int?

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
            options.lanes = max(1, lanes)
            options.onOutput = ops.onOutput
            let worker = Worker(context: context, options: options, logger: logger)
            let stop = StopFlag()
            let signals = SignalWatch(stop: stop)
            defer { withExtendedLifetime(signals) {} }
            ops.start(status: worker.status, stop: stop)
            defer { ops.stop() }
            let started = ContinuousClock.now
            let finished = StopAfter.watch(worker: worker, stop: stop, after: stopAfter)
            try worker.run(stop: stop)
            CommandSupport.printSummary(worker.status.snapshot.counters)
            if let stopAfter { StopAfter.report(worker: worker, started: started, finished: finished, target: stopAfter) }
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

/// `--stop-after N`: watches the worker's own counters and stops it once N messages are
/// processed; the timings then go to stdout as one JSON object.
enum StopAfter {
    final class Finish: @unchecked Sendable {
        let lock = NSLock()
        var at: ContinuousClock.Instant?
    }

    static func watch(worker: Worker, stop: StopFlag, after target: Int?) -> Finish {
        let finish = Finish()
        guard let target else { return finish }
        Thread.detachNewThread {
            while !stop.isStopped {
                if worker.status.snapshot.counters.consumed >= target {
                    finish.lock.lock()
                    finish.at = ContinuousClock.now
                    finish.lock.unlock()
                    stop.stop()
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
