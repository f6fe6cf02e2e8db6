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
/// counters) on the same topic.
struct PipelineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time driftwatch run end to end beside kcat on the mock cluster.")

    @Option(help: "Events to produce.") var events = 1_000_000
    @Option(help: "Partitions of the predictions topic (the mock keeps 5 MiB per partition; 1,000,000 events need about 40).") var partitions = 40
    @Option(help: "Producer compression.") var compression = "lz4"
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 42
    @Option(help: "Processing threads of driftwatch run.") var lanes = 2
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

        // 3. kcat.
        let properties = consumerProperty
        var kcatArgs = ["-C", "-b", brokers, "-t", topic, "-e", "-q", "-o", "beginning"]
        for p in properties { kcatArgs += ["-X", p] }
        let kcatStart = ContinuousClock.now
        let kcat = try Self.launch("/usr/bin/kcat", kcatArgs, captureOutput: false)
        kcat.waitUntilExit()
        let kcatSeconds = (ContinuousClock.now - kcatStart).seconds
        guard kcat.terminationStatus == 0 else { throw CommandFailure("kcat exited with status \(kcat.terminationStatus).") }

        // kcat as a group member too: it pays the same first group join as `run`, so "from start"
        // compares like with like (kcat -C above assigns partitions and joins no group).
        var groupArgs = ["-G", "bench-kcat-\(getpid())", "-b", brokers, "-e", "-q", "-X", "auto.offset.reset=earliest"]
        for p in properties { groupArgs += ["-X", p] }
        groupArgs.append(topic)
        let groupStart = ContinuousClock.now
        let kcatGroup = try Self.launch("/usr/bin/kcat", groupArgs, captureOutput: false)
        kcatGroup.waitUntilExit()
        let kcatGroupSeconds = (ContinuousClock.now - groupStart).seconds
        guard kcatGroup.terminationStatus == 0 else {
            throw CommandFailure("kcat -G exited with status \(kcatGroup.terminationStatus).")
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
        var yaml = """
            kafka:
              brokers: \(brokers)
              group_id: bench-\(getpid())
            """
        if !properties.isEmpty {
            yaml += "\n  properties:\n"
            for p in properties {
                let kv = p.split(separator: "=", maxSplits: 1)
                yaml += "    \(kv[0]): \"\(kv.count > 1 ? String(kv[1]) : "")\"\n"
            }
        }
        yaml += """

            topics:
              predictions: \(topic)
            models:
              fraud-detector:
                reference: \(refPath)

            """
        let configPath = dir.appendingPathComponent("bench.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let runStart = ContinuousClock.now
        let run = try Self.launch(me.path, ["worker", "--config", configPath, "--stop-after", "\(events)", "--lanes", "\(lanes)"], captureOutput: true)
        let output = (run.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        run.waitUntilExit()
        let wall = (ContinuousClock.now - runStart).seconds
        guard run.terminationStatus == 0,
              let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              case .object(let result)? = try? JSONValue.parse(String(line)) else {
            throw CommandFailure("driftwatch run did not report its timings (status \(run.terminationStatus)).")
        }
        let fromStart = result["seconds_from_start"]?.doubleValue ?? .nan
        let fromFirst = result["seconds_from_first_message"]?.doubleValue ?? .nan
        let rssMB = (result["max_rss_kb"]?.doubleValue ?? .nan) / 1024
        let kcatRate = Double(events) / kcatSeconds
        let startRate = Double(events) / fromStart
        let firstRate = Double(events) / fromFirst
        let groupRate = Double(events) / kcatGroupSeconds
        print("""
            kcat -C -e -q:           \(format(kcatSeconds)) s  \(Int(kcatRate)) events/s
            kcat -G -e -q (group):   \(format(kcatGroupSeconds)) s  \(Int(groupRate)) events/s (group join included)
            driftwatch run:          \(format(fromStart)) s from start (group join included)  \(Int(startRate)) events/s  ratio \(format(startRate / kcatRate)) (vs kcat -G \(format(startRate / groupRate)))
                                     \(format(fromFirst)) s from first message  \(Int(firstRate)) events/s  ratio \(format(firstRate / kcatRate))
            driftwatch run counters: \(line)
            driftwatch peak RSS:     \(format(rssMB)) MiB  (process wall \(format(wall)) s)
            """)

        // 5. The usual Python recipe over the same topic, when its packages are installed.
        let script = FileManager.default.currentDirectoryPath + "/scripts/bench_python_recipe.py"
        guard python, FileManager.default.fileExists(atPath: script) else { return }
        let check = try Self.launch("/usr/bin/env", ["python3", "-c", "import confluent_kafka, numpy, scipy"], captureOutput: true)
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            print("python recipe:           skipped (pip install confluent-kafka numpy scipy)")
            return
        }
        let recipe = try Self.launch("/usr/bin/env", ["python3", script, "--brokers", brokers, "--topic", topic,
                                                       "--events", "\(events)", "--reference", refPath], captureOutput: true)
        let recipeOutput = (recipe.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        recipe.waitUntilExit()
        guard let recipeLine = String(decoding: recipeOutput, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              case .object(let py)? = try? JSONValue.parse(String(recipeLine)),
              let pySeconds = py["seconds"]?.doubleValue else {
            print("python recipe:           failed (status \(recipe.terminationStatus))")
            return
        }
        print("""
            python recipe:           \(format(pySeconds)) s from start  \(Int(Double(events) / pySeconds)) events/s  \
            peak RSS \(format(py["peak_rss_mib"]?.doubleValue ?? .nan)) MiB; driftwatch run is \(format(pySeconds / fromStart))x faster
            """)
    }

    private func format(_ x: Double) -> String { String(format: "%.2f", x) }

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
