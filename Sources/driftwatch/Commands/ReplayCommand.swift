import ArgumentParser
import DriftwatchCore
import DriftwatchOps
import DriftwatchRuntime
import Foundation

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Runs the pipeline over files instead of Kafka and prints what it would publish.",
        usage: "driftwatch replay --config <config> --input <input> [--labels <labels>] [--out <out>] [--html <html>] [--partitions <n>] [--no-flush] [--internal]",
        discussion: """
            Event line i is partition i mod N of the predictions topic at offset i / N \
            (--partitions N, default 1); both stages run as in `run`, the model stage merging the \
            partitions. Each message the worker would publish becomes one JSON line \
            {"topic": T, "key": K, "value": {...}}, in publication order. At the end of the input, \
            open windows are analysed and marked partial unless --no-flush.
            """)

    // Required, but declared optional and checked in `run`: ArgumentParser reports a missing
    // option before an unknown one, so `--inpt x` would otherwise say "missing --input".
    @Option(help: "Pipeline configuration (YAML).") var config: String?
    @Option(help: "Prediction events, JSON Lines (\"-\": standard input).") var input: String?
    @Option(help: "Delayed labels, JSON Lines (joined by event_id).") var labels: String?
    @Option(help: "Output file (default: stdout).") var out: String?
    @Option(help: "Also write the drift report of the replayed stream (self-contained HTML, as /report) to this file.")
    var html: String?
    @Option(help: "Partitions to spread the input over (line i → partition i mod N), as a topic of N partitions.")
    var partitions: Int32 = 1
    @Flag(help: "Leave the windows open at the end of the input, as a running worker would.")
    var noFlush = false
    @Flag(name: .customLong("internal"), help: "Also write the internal messages between the stages (window summaries, model state).")
    var includeInternal = false

    func run() throws {
        guard let configPath = config, let input else {
            let name = config == nil ? "config" : "input"
            throw ValidationError("Missing expected argument '--\(name) <\(name)>'")
        }
        try CommandSupport.guarded {
            var config = try CommandSupport.loadConfig(path: configPath, brokers: nil)
            if labels != nil && config.topics.labels == nil { config.topics.labels = "labels" }
            guard partitions >= 1 else { throw CommandFailure("--partitions must be at least 1, not \(partitions).") }
            let context = try CommandSupport.loadContext(config: config, partitionCount: Int(partitions))
            let input = try ReplayInput(path: input)
            defer { input.close() }
            let labelBytes = try labels.map { try CommandSupport.readFile($0, what: "labels file") }
            let output = try OutputFile(path: out)
            // Fail before the replay, not after it, when the report cannot be written.
            if let html { try CommandSupport.openForWriting(html, what: "HTML report").close() }
            let acks = AckQueue()
            let replaySink = ReplaySink(acks: acks, includeInternal: includeInternal) { output.write($0) }
            let report = ReportFile(contexts: ReportModelContext.all(context))
            let tally = ReplayTally(partitions: partitions)
            let withReport = html != nil
            let sink = ObservedSink(replaySink) { message in
                tally.observe(message)
                if withReport { report.ingest(message.payload) }
            }
            let modelStage = ModelStageDriver(context: context, sink: sink)
            let driver = PipelineDriver(context: context, sink: sink, acks: acks, modelStage: modelStage)
            let progress = ProgressLine(enabled: ProgressLine.isTerminal(STDERR_FILENO), handle: .standardError)
            let show: (Int) -> Void = { done in
                progress.show {
                    let c = modelStage.counters
                    let rate = progress.elapsedSeconds > 0 ? Double(done) / progress.elapsedSeconds : 0
                    return String(
                        format: "  replayed %d events  %.0f events/s  model windows %d  alerts %d  triggers %d   ",
                        done, rate, c.modelWindows, c.alerts, c.triggers)
                }
            }
            let options = Replay.Options(partitions: partitions, flush: !noFlush)
            let counters = try Replay.run(
                driver: driver, events: input.reader, labels: labelBytes, options: options, progress: show)
            progress.finish()
            output.flush()
            if counters.events == 0 && counters.deadLettered == 0 {
                throw CommandFailure("\(input.name == "standard input" ? "standard input" : "input file \(input.name)") holds no events (no lines); nothing to replay.")
            }
            if let html { try report.write(to: html, title: "replay of \(input.name)") }
            CommandSupport.printError(tally.summary(counters, modelStage.counters))
        }
    }
}

extension CommandSupport {
    static func printSummary(_ c: ProcessorCounters, _ m: ModelStageDriver.Counters) {
        printError("""
            \(c.events) events, \(c.labels) labels, \(c.deadLettered) dead-lettered, \
            \(c.windowsClosed) partition windows, \(m.modelWindows) model windows, \
            \(m.alerts) alerts, \(m.triggers) retrain triggers
            """)
    }
}
