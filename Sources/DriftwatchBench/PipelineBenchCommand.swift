import ArgumentParser
import DriftwatchCore
import DriftwatchKafka
import DriftwatchRuntime
import DriftwatchSynthetic
import Foundation
import Logging

/// `driftwatch-bench pipeline`: end-to-end throughput of the worker beside kcat.
///
/// Produces N synthetic events (lz4 batches) to a topic on an in-process mock cluster, checks
/// that no partition lost its oldest messages (low watermark 0: the mock keeps 5 MiB per
/// partition), then times `kcat -C -e -q` reading the whole topic and `driftwatch-bench worker
/// --stop-after N` (a child process running `driftwatch run`'s worker, timed by its own
/// counters) on the same topic, each `--rounds` times; then two workers in one group
/// (scale-out), the model stage's CPU share (replay with and without it) and the Python recipe.
struct PipelineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time driftwatch run end to end beside kcat on the mock cluster.")

    @Option(help: "Events to produce.") var events = 1_000_000
    @Option(help: "Partitions of the predictions topic (the mock keeps 5 MiB per partition; 1,000,000 events need about 40).") var partitions = 40
    @Option(help: "Producer compression.") var compression = "lz4"
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 42
    @Option(help: "Processing threads of driftwatch run.") var lanes = 2
    @Option(help: "Times each reader is run (medians with min–max are printed).") var rounds = 3
    @Option(help: "Extra consumer property for both kcat and driftwatch, key=value.") var consumerProperty: [String] = []
    @Flag(inversion: .prefixedNo, help: "Also time the usual Python recipe (scripts/bench_python_recipe.py) on the same topic.")
    var python = true

    func run() throws {
        try bench()
    }

    private func bench() throws {
        var logger = Logger(label: "driftwatch.bench")
        logger.logLevel = .error
        let cluster = try MockCluster.start(brokers: 1, logger: logger)
        let brokers = cluster.bootstrapServers
        let topic = "bench-predictions"
        try cluster.createTopic(topic, partitions: partitions)
        for t in ["model-alerts", "model-retrain", "model-window-reports", "driftwatch-dead-letter",
                  "driftwatch-window-summaries", "driftwatch-state"] {
            try cluster.createTopic(t, partitions: 1)
        }

        // 1. Produce.
        let produceStart = ContinuousClock.now
        var producer = SyntheticProducer(brokers: brokers, topic: topic, traffic: SyntheticTraffic(seed: seed, driftAt: events / 2))
        producer.properties = ["compression.type": compression, "linger.ms": "50", "batch.size": "1000000",
                               "queue.buffering.max.kbytes": "1048576"]
        _ = try producer.produce(0..<events, logger: logger)
        print("produced \(events) events to \(topic) (\(partitions) partitions, \(compression)) in \(format((ContinuousClock.now - produceStart).seconds)) s")

        // 2. Nothing deleted by the mock's 5 MiB limit?
        let admin = try KafkaAdmin.make(bootstrapServers: brokers, logger: logger)
        var total: Int64 = 0
        for p in 0..<partitions {
            let w = try admin.watermarks(topic: topic, partition: Int32(p))
            guard w.low == 0 else {
                throw CommandFailure("partition \(p) lost its oldest messages (low watermark \(w.low)); use more --partitions.")
            }
            total += w.high
        }
        guard total == Int64(events) else { throw CommandFailure("the topic holds \(total) messages, not \(events).") }
        print("low watermark 0 on all \(partitions) partitions; \(total) messages")

        // 3. kcat, as a plain reader and as a group member (it pays the same first group join as
        // `run`, so "from start" compares like with like; kcat -C assigns partitions, no group).
        let properties = consumerProperty
        var kcatSeconds: [Double] = [], kcatGroupSeconds: [Double] = []
        for round in 0..<rounds {
            var kcatArgs = ["-C", "-b", brokers, "-t", topic, "-e", "-q", "-o", "beginning"]
            for p in properties { kcatArgs += ["-X", p] }
            kcatSeconds.append(try Self.timed("kcat -C", "/usr/bin/kcat", kcatArgs))
            var groupArgs = ["-G", "bench-kcat-\(getpid())-\(round)", "-b", brokers, "-e", "-q", "-X", "auto.offset.reset=earliest"]
            for p in properties { groupArgs += ["-X", p] }
            groupArgs.append(topic)
            kcatGroupSeconds.append(try Self.timed("kcat -G", "/usr/bin/kcat", groupArgs))
        }

        // 4. The worker in a child process with its own reference and configuration; `driftwatch`
        // (built beside this executable) makes the reference.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let driftwatch = me.deletingLastPathComponent().appendingPathComponent("driftwatch").path
        guard FileManager.default.isExecutableFile(atPath: driftwatch) else {
            throw CommandFailure("\(driftwatch) is missing: build the driftwatch product too (swift build --product driftwatch).")
        }
        let refEvents = dir.appendingPathComponent("reference-events.jsonl").path
        let refPath = dir.appendingPathComponent("fraud-detector.json").path
        try Self.launch(driftwatch, ["synthetic", "--events", "6000", "--seed", "7", "--out", refEvents], captureOutput: true).waitUntilExit()
        try Self.launch(driftwatch, ["reference", "build", "--input", refEvents, "--model", "fraud-detector",
                              "--out", refPath, "--max-values", "6000"], captureOutput: true).waitUntilExit()
        let bench = BenchWorkers(executable: me.path, directory: dir, brokers: brokers, topic: topic,
                                 reference: refPath, properties: properties, lanes: lanes)
        var runs: [BenchWorkers.Result] = []
        for round in 0..<rounds {
            runs.append(try bench.run(group: "bench-\(getpid())-\(round)", members: 1, events: events)[0])
        }
        let fromStart = runs.map(\.fromStart), fromFirst = runs.map(\.fromFirst), rss = runs.map(\.rssMiB)
        let kcatRate = Double(events) / Stats(kcatSeconds).median
        let groupRate = Double(events) / Stats(kcatGroupSeconds).median
        let startRate = Double(events) / Stats(fromStart).median
        let firstRate = Double(events) / Stats(fromFirst).median
        print("""
            \(rounds) rounds each; median (min–max). Wall clock: noisy on a shared machine.
            kcat -C -e -q:           \(Stats(kcatSeconds)) s  \(Int(kcatRate)) events/s
            kcat -G -e -q (group):   \(Stats(kcatGroupSeconds)) s  \(Int(groupRate)) events/s (group join included)
            driftwatch run:          \(Stats(fromStart)) s from start (group join included)  \(Int(startRate)) events/s  \
            ratio \(format(startRate / kcatRate)) (vs kcat -G \(format(startRate / groupRate)))
                                     \(Stats(fromFirst)) s from first message  \(Int(firstRate)) events/s  ratio \(format(firstRate / kcatRate))
            driftwatch run counters: \(runs.last!.line)
            driftwatch peak RSS:     \(Stats(rss)) MiB
            """)
        // Where that memory went, in the last round (`pipeline.memory`; see MemoryBreakdown).
        for (i, line) in runs.last!.memory.lines.enumerated() {
            print((i == 0 ? "run memory at peak:      " : "                         ") + line)
        }
        // The window summaries all go to one partition (key = model id): at 40 partitions that is
        // ~4,000 summaries per 1M events, beyond what the mock keeps per partition, so the model
        // stage of these runs reads only what is left (a real cluster keeps them). `run` is timed
        // to its last prediction; the model stage's cost is measured by replay below.
        let summaries = try admin.watermarks(topic: "driftwatch-window-summaries", partition: 0)
        print("summaries topic:         \(summaries.high) written over all runs, offsets below \(summaries.low) "
            + "deleted by the mock's per-partition limit; timings end at the last prediction "
            + "(model stage cost: the replay line below)")

        // 5. Scale-out: two workers in one group share the partitions; each stops once idle, its
        // time is up to its last message; the pair's time is the later one.
        let pair = try bench.run(group: "bench-\(getpid())-pair", members: 2, events: events)
        let pairSeconds = pair.map(\.fromStart).max() ?? .nan
        let pairEvents = pair.map(\.messages).reduce(0, +)
        print("""
            2 workers, one group:    \(format(pairSeconds)) s from start (\(pair.map { "\($0.messages) in \(format($0.fromStart)) s" }.joined(separator: ", ")); \
            \(pairEvents) messages); scale-out \(format(Stats(fromStart).median / pairSeconds))x of one worker
            """)

        // 6. The model stage's share: replay of 200,000 events over the same partitions, with and
        // without the model stage (thread CPU time, medians of 3).
        let replayEvents = dir.appendingPathComponent("replay-events.jsonl").path
        try Self.launch(driftwatch, ["synthetic", "--events", "200000", "--drift-at", "100000", "--seed", "\(seed)",
                                     "--out", replayEvents], captureOutput: true).waitUntilExit()
        let costRun = try Self.launch(me.path, ["replay", "--config", bench.writeConfig(group: "unused"),
                                                "--input", replayEvents, "--partitions", "\(partitions)", "--model-stage-cost"],
                                      captureOutput: true)
        let costOutput = (costRun.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        costRun.waitUntilExit()
        if case .object(let cost)? = try? JSONValue.parse(String(decoding: costOutput, as: UTF8.self)) {
            let d = { (k: String) in cost[k]?.doubleValue ?? .nan }
            print("""
                model stage (replay):    \(format(d("model_stage_ms_per_model_window"))) ms CPU per model window, \
                \(format(100 * d("model_stage_share")))% of the pipeline's CPU (200,000 events, \(partitions) partitions, \
                \(Int(d("model_windows"))) model windows; both stages \(Int(d("events_per_cpu_second"))) events per CPU second)
                """)
        } else {
            print("model stage (replay):    failed (status \(costRun.terminationStatus))")
        }

        // 7. The usual Python recipe over the same topic, when its packages are installed.
        let script = FileManager.default.currentDirectoryPath + "/scripts/bench_python_recipe.py"
        guard python, FileManager.default.fileExists(atPath: script) else { return }
        let check = try Self.launch("/usr/bin/env", ["python3", "-c", "import confluent_kafka, numpy, scipy"], captureOutput: true)
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            print("python recipe:           skipped (pip install confluent-kafka numpy scipy)")
            return
        }
        var pySeconds: [Double] = [], pyRSS: [Double] = []
        for round in 0..<rounds {
            let recipe = try Self.launch("/usr/bin/env", ["python3", script, "--brokers", brokers, "--topic", topic,
                                                           "--events", "\(events)", "--reference", refPath,
                                                           "--group", "python-recipe-\(getpid())-\(round)"], captureOutput: true)
            let recipeOutput = (recipe.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            recipe.waitUntilExit()
            guard let recipeLine = String(decoding: recipeOutput, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") }),
                  case .object(let py)? = try? JSONValue.parse(String(recipeLine)),
                  let seconds = py["seconds"]?.doubleValue else {
                print("python recipe:           failed (status \(recipe.terminationStatus))")
                return
            }
            pySeconds.append(seconds)
            pyRSS.append(py["peak_rss_mib"]?.doubleValue ?? .nan)
        }
        print("""
            python recipe:           \(Stats(pySeconds)) s from start  \(Int(Double(events) / Stats(pySeconds).median)) events/s  \
            peak RSS \(Stats(pyRSS)) MiB; driftwatch run is \(format(Stats(pySeconds).median / Stats(fromStart).median))x faster
            """)
    }

    private func format(_ x: Double) -> String { String(format: "%.2f", x) }

    /// Runs `path` to its end with stdout discarded; wall seconds.
    static func timed(_ what: String, _ path: String, _ arguments: [String]) throws -> Double {
        let start = ContinuousClock.now
        let process = try launch(path, arguments, captureOutput: false)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure("\(what) exited with status \(process.terminationStatus).") }
        return (ContinuousClock.now - start).seconds
    }

    @discardableResult
    static func launch(_ path: String, _ arguments: [String], captureOutput: Bool) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if captureOutput { process.standardOutput = Pipe() } else {
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        }
        try process.run()
        return process
    }
}
