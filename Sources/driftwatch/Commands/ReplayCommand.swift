import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Runs the pipeline over files instead of Kafka and prints what it would publish.",
        usage: "driftwatch replay --config <config> --input <input> [--labels <labels>] [--out <out>] [--html <html>]",
        discussion: """
            The input is treated as partition 0 of the predictions topic, offsets = line index \
            (0-based). Each message the worker would publish becomes one JSON line \
            {"topic": T, "key": K, "value": {...}}, in publication order.
            """)

    // Required, but declared optional and checked in `run`: ArgumentParser reports a missing
    // option before an unknown one, so `--inpt x` would otherwise say "missing --input".
    @Option(help: "Pipeline configuration (YAML).") var config: String?
    @Option(help: "Prediction events, JSON Lines.") var input: String?
    @Option(help: "Delayed labels, JSON Lines (joined by event_id).") var labels: String?
    @Option(help: "Output file (default: stdout).") var out: String?
    @Option(help: "Also write the drift report of the replayed stream (self-contained HTML, as /report) to this file.")
    var html: String?

    func run() throws {
        guard let configPath = config, let input else {
            let name = config == nil ? "config" : "input"
            throw ValidationError("Missing expected argument '--\(name) <\(name)>'")
        }
        try CommandSupport.guarded {
            var config = try CommandSupport.loadConfig(path: configPath, brokers: nil)
            if labels != nil && config.topics.labels == nil { config.topics.labels = "labels" }
            let context = try CommandSupport.loadContext(config: config)
            let events = try CommandSupport.mapFile(input, what: "input file")
            let labelBytes = try labels.map { try CommandSupport.mapFile($0, what: "labels file") }
            let output = try OutputFile(path: out)
            // Fail before the replay, not after it, when the report cannot be written.
            if let html { try CommandSupport.openForWriting(html, what: "HTML report").close() }
            let acks = AckQueue()
            let replaySink = ReplaySink(acks: acks) { output.write($0) }
            let report = ReplayReport()
            let sink: any OutputSink = html == nil ? replaySink : ObservedSink(replaySink) { report.ingest($0.value) }
            let driver = PipelineDriver(context: context, sink: sink, acks: acks)
            let progress = ReplayProgress(enabled: ReplayProgress.stderrIsTerminal)
            let show: (Int, Int) -> Void = { done, total in progress.show(done: done, total: total, counters: driver.counters) }
            let counters = try events.withUnsafeBytes { e in
                if let labelBytes {
                    return try labelBytes.withUnsafeBytes { l in try Replay.run(driver: driver, events: e, labels: l, progress: show) }
                }
                return try Replay.run(driver: driver, events: e, labels: nil, progress: show)
            }
            progress.finish()
            output.flush()
            if let html { try report.write(to: html, title: "replay of \(input)") }
            CommandSupport.printSummary(counters)
        }
    }
}

extension CommandSupport {
    static func printSummary(_ c: ProcessorCounters) {
        printError("""
            \(c.events) events, \(c.labels) labels, \(c.deadLettered) dead-lettered, \
            \(c.windowsClosed) windows, \(c.alerts) alerts, \(c.triggers) retrain triggers
            """)
    }
}
