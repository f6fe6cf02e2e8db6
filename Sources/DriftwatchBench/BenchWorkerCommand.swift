import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import Foundation
import Logging

/// `driftwatch-bench worker`: `driftwatch run`'s worker, without the operations endpoint, that
/// stops once it has processed N messages and prints its timings as one JSON object. The
/// pipeline benchmark starts it as a child process, so that its clock, counters and peak RSS
/// are those of a worker alone.
struct BenchWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "The worker alone, stopped after N messages; prints its timings as JSON (used by `pipeline`).",
        shouldDisplay: false)

    @Option(help: "Pipeline configuration (YAML).") var config: String
    @Option(name: .customLong("stop-after"), help: "Stop once this many messages are processed.") var stopAfter: Int
    @Option(help: "Processing threads (partitions are split between them).") var lanes = 2
    @Option(name: .customLong("stop-when-idle-ms"), help: "Also stop when messages came but none for this long (a member of a group sharing the topic); its time is then up to its last message.")
    var stopWhenIdleMs: Int?

    func run() throws {
        let config = try PipelineFiles.loadConfig(path: config, brokers: nil)
        let context = try PipelineFiles.loadContext(config: config) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var options = Worker.Options(brokers: config.kafka.brokers, groupID: config.kafka.groupID)
        options.properties = config.kafka.properties
        options.lanes = max(1, lanes)
        let worker = Worker(context: context, options: options, logger: Logger(label: "driftwatch-bench"))
        let started = ContinuousClock.now
        let running = WorkerThread(worker: worker)
        var end = ContinuousClock.now
        var lastCount = 0
        while running.failure == nil {
            let consumed = worker.status.snapshot.counters.consumed
            let now = ContinuousClock.now
            if consumed >= stopAfter { end = now; break }
            if consumed != lastCount {
                lastCount = consumed
                end = now
            } else if let idle = stopWhenIdleMs, consumed > 0, now - end > .milliseconds(idle) {
                break
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        try running.stopAndWait()
        let status = worker.status.snapshot
        let first = status.firstMessageAt ?? started
        let c = status.counters
        // Where the memory went, on a line of its own before the timings (which stay the last line).
        print(JSONValue.object(["memory": .object(status.memory?.json ?? JSONObject())]).encodedString())
        print("""
            {"messages":\(c.consumed),"events":\(c.events),"dead_lettered":\(c.deadLettered),\
            "windows":\(c.windowsClosed),"model_windows":\(status.modelStage.modelWindows),\
            "alerts":\(status.modelStage.alerts),"triggers":\(status.modelStage.triggers),\
            "seconds_from_start":\((end - started).seconds),"seconds_from_first_message":\((end - first).seconds),\
            "max_rss_kb":\(Self.peakRSSKilobytes())}
            """)
    }

    /// This process's own peak RSS (`VmHWM`). Not `getrusage`'s `ru_maxrss`: a child spawned with
    /// vfork semantics (Foundation's `Process`) inherits its parent's peak there, so a worker
    /// started by `bench pipeline` reported the benchmark's own RSS when that was larger.
    static func peakRSSKilobytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") {
            return kb
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
