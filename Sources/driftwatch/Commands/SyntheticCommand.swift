import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import DriftwatchSynthetic

/// `driftwatch synthetic`: the demo's traffic as a JSON Lines file (for `replay` and
/// `reference build`).
struct SyntheticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthetic",
        abstract: "Writes synthetic fraud-detector prediction events as JSON Lines.")

    @Option(help: "Number of events.") var events: Int
    @Option(help: "Index of the first event.") var start = 0
    @Option(name: .customLong("drift-at"), help: "First drifted event index (default: no drift).") var driftAt: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Output file (default: stdout).") var out: String?

    func validate() throws {
        guard events >= 0, start >= 0 else { throw ValidationError("--events and --start must not be negative.") }
    }

    func run() throws {
        try CommandSupport.guarded {
            let traffic = SyntheticTraffic(seed: seed, driftAt: driftAt)
            let output = try OutputFile(path: out)
            for i in start..<(start + events) {
                output.write(traffic.event(at: i) + [UInt8(ascii: "\n")])
            }
            output.flush()
        }
    }
}
