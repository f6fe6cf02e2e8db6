import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import Foundation

/// `driftwatch-bench replay`: `driftwatch replay` (both stages, `ReplaySink` lines) reached
/// through a synchronous entry point, so that it runs under valgrind.
///
/// valgrind 3.19 (Debian 12) crashes in any Swift program with an `async` main as soon as the
/// concurrency runtime starts its first thread; `driftwatch` has one (`run` and `demo` are async).
/// `BenchMain` sends `driftwatch-bench replay …` here before any concurrency starts, which is
/// what `scripts/callgrind_replay.sh` counts instructions of. Lines are formatted as `replay`
/// formats them and written to `--out` or dropped. The input is read into memory first.
///
/// `--model-stage-cost` replays the input twice, with and without the model stage (without it
/// the summaries are encoded and dropped, as a partition-stage-only worker would send them), and
/// prints the difference of the thread's CPU time as one JSON object: what the model stage costs
/// per model window and as a share of the whole (`make bench` prints it).
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "driftwatch replay without Kafka or concurrency (for callgrind): both stages over a JSON Lines file.")

    @Option(help: "Pipeline configuration (YAML).") var config: String
    @Option(help: "Prediction events, JSON Lines.") var input: String
    @Option(help: "Partitions to spread the input over (line i → partition i mod N).") var partitions: Int32 = 1
    @Option(help: "Write the lines here (default: format them and drop them).") var out: String?
    @Flag(name: .customLong("internal"), help: "Also write window summaries and state records.") var includeInternal = false
    @Flag(help: "Replay twice, with and without the model stage, and print the model stage's CPU cost as JSON.")
    var modelStageCost = false
    @Flag(help: "Hand the model stage each summary's JSON bytes to parse, as run's model stage reads them from the topic.")
    var summariesAsBytes = false

    func run() throws {
        guard partitions >= 1 else { throw CommandFailure("--partitions must be at least 1.") }
        let config = try PipelineFiles.loadConfig(path: config, brokers: nil)
        let context = try PipelineFiles.loadContext(config: config, partitionCount: Int(partitions)) {
            FileHandle.standardError.write(Data(($0 + "\n").utf8))
        }
        guard let data = FileManager.default.contents(atPath: input) else { throw CommandFailure("cannot read \(input).") }
        let events = [UInt8](data)
        if modelStageCost { return try printModelStageCost(context: context, events: events) }
        var output: FileHandle?
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let h = FileHandle(forWritingAtPath: out) else {
                throw CommandFailure("cannot write \(out).")
            }
            output = h
        }
        var buffer: [UInt8] = []
        let acks = AckQueue()
        let sink = ReplaySink(acks: acks, includeInternal: includeInternal) { line in
            guard let output else { return }
            buffer.append(contentsOf: line)
            if buffer.count >= 1 << 20 {
                output.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let modelStage = ModelStageDriver(context: context, sink: sink)
        let driver = PipelineDriver(context: context, sink: sink, acks: acks, modelStage: modelStage)
        driver.summariesAsBytes = summariesAsBytes
        let counters = try Replay.run(driver: driver, events: events, labels: nil, options: Replay.Options(partitions: partitions))
        if let output {
            output.write(Data(buffer))
            try output.close()
        }
        let m = modelStage.counters
        FileHandle.standardError.write(Data("""
            \(counters.events) events, \(counters.windowsClosed) partition windows, \(m.modelWindows) model windows, \
            \(m.alerts) alerts, \(m.triggers) retrain triggers, \(sink.written) lines

            """.utf8))
    }

    /// CPU seconds of this thread.
    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func printModelStageCost(context: PipelineContext, events: [UInt8]) throws {
        func replay(withModelStage: Bool) throws -> (seconds: Double, modelWindows: Int, events: Int) {
            let acks = AckQueue()
            let sink = ReplaySink(acks: acks) { _ in }
            let modelStage = withModelStage ? ModelStageDriver(context: context, sink: sink) : nil
            let driver = PipelineDriver(context: context, sink: sink, acks: acks, modelStage: modelStage)
            let start = Self.threadCPUSeconds()
            let counters = try Replay.run(driver: driver, events: events, labels: nil, options: Replay.Options(partitions: partitions))
            return (Self.threadCPUSeconds() - start, modelStage?.counters.modelWindows ?? 0, counters.events)
        }
        // Alternating, three of each; the medians.
        var both: [Double] = [], partitionOnly: [Double] = []
        var windows = 0, count = 0
        for _ in 0..<3 {
            let b = try replay(withModelStage: true)
            both.append(b.seconds)
            windows = b.modelWindows
            count = b.events
            partitionOnly.append(try replay(withModelStage: false).seconds)
        }
        let b = both.sorted()[1], p = partitionOnly.sorted()[1]
        let model = Swift.max(0, b - p)
        print(String(
            format: #"{"events":%d,"partitions":%d,"model_windows":%d,"cpu_seconds_both_stages":%.4f,"cpu_seconds_partition_stage":%.4f,"model_stage_ms_per_model_window":%.3f,"model_stage_share":%.4f,"events_per_cpu_second":%.0f}"#,
            count, Int(partitions), windows, b, p, windows > 0 ? model * 1000 / Double(windows) : 0, b > 0 ? model / b : 0,
            b > 0 ? Double(count) / b : 0))
    }
}
