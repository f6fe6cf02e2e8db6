import DriftwatchCore
import DriftwatchRuntime
import Foundation

/// Median with min and max of repeated measurements, printed "m (lo–hi)".
struct Stats: CustomStringConvertible {
    let median: Double, min: Double, max: Double

    init(_ values: [Double]) {
        let s = values.filter { !$0.isNaN }.sorted()
        guard !s.isEmpty else { (median, min, max) = (.nan, .nan, .nan); return }
        median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        min = s[0]
        max = s[s.count - 1]
    }

    var description: String {
        String(format: "%.2f (%.2f–%.2f)", median, min, max)
    }
}

/// `driftwatch-bench worker` child processes (the `run` worker) on the benchmark's topic: one,
/// or several in one consumer group sharing its partitions.
struct BenchWorkers {
    let executable: String
    let directory: URL
    let brokers: String
    let topic: String
    let reference: String
    let properties: [String]
    let lanes: Int

    /// What one worker reported (its own clock and counters, `BenchWorkerCommand`).
    struct Result {
        var messages: Int
        var fromStart: Double
        var fromFirst: Double
        var rssMiB: Double
        /// Where the worker's memory went (`MemoryBreakdown`, logged by `run` as `pipeline.memory`).
        var memory: MemoryBreakdown
        var line: String
    }

    /// The pipeline configuration for consumer group `group`; its path.
    func writeConfig(group: String) throws -> String {
        var yaml = """
            kafka:
              brokers: \(brokers)
              group_id: \(group)
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
                reference: \(reference)

            """
        let path = directory.appendingPathComponent("bench-\(group).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts `members` workers in group `group` at once and waits for all. One worker stops after
    /// `events` messages; several stop once idle for 5 s after their last message (the group's
    /// total is `events`, the share of each is not known in advance).
    func run(group: String, members: Int, events: Int) throws -> [Result] {
        let config = try writeConfig(group: group)
        var arguments = ["worker", "--config", config, "--stop-after", "\(events)", "--lanes", "\(lanes)"]
        if members > 1 { arguments += ["--stop-when-idle-ms", "5000"] }
        let processes = try (0..<members).map { _ in try PipelineBenchCommand.launch(executable, arguments, captureOutput: true) }
        return try processes.map { process in
            let output = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
            let memoryLine = lines.last(where: { $0.hasPrefix("{\"memory\"") }).flatMap { try? JSONValue.parse(String($0)) }
            guard process.terminationStatus == 0,
                  let line = lines.last(where: { $0.hasPrefix("{") }),
                  case .object(let result)? = try? JSONValue.parse(String(line)) else {
                throw CommandFailure("driftwatch run did not report its timings (status \(process.terminationStatus)).")
            }
            return Result(
                messages: Int(result["messages"]?.doubleValue ?? 0),
                fromStart: result["seconds_from_start"]?.doubleValue ?? .nan,
                fromFirst: result["seconds_from_first_message"]?.doubleValue ?? .nan,
                rssMiB: (result["max_rss_kb"]?.doubleValue ?? .nan) / 1024,
                memory: MemoryBreakdown(json: memoryLine?.objectValue?["memory"]?.objectValue ?? JSONObject()),
                line: String(line))
        }
    }
}
