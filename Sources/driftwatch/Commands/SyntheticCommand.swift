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
    @Flag(help: "LLM application traffic (support-assistant, pipelines/llm-app.yaml) instead of fraud-detector.")
    var llm = false
    @Option(name: .customLong("incident"),
            help: "With --llm: an incident from --incident-at on: version-regression, quality-drop, cost-spike or all (repeatable).")
    var incidents: [String] = []
    @Option(name: .customLong("incident-at"), help: "With --llm: first event of the incidents (default 0).")
    var incidentAt = 0

    func validate() throws {
        guard events >= 0, start >= 0 else { throw ValidationError("--events and --start must not be negative.") }
        if !llm, !incidents.isEmpty { throw ValidationError("--incident needs --llm.") }
        for name in incidents where name != "all" && SyntheticLLMTraffic.Incident(rawValue: name) == nil {
            let valid = SyntheticLLMTraffic.Incident.allCases.map(\.rawValue) + ["all"]
            throw ValidationError("--incident \(name) is not one of \(valid.joined(separator: ", ")).")
        }
    }

    func run() throws {
        try CommandSupport.guarded {
            let event: (Int) -> [UInt8]
            if llm {
                let chosen = incidents.contains("all") ? Set(SyntheticLLMTraffic.Incident.allCases)
                    : Set(incidents.compactMap(SyntheticLLMTraffic.Incident.init(rawValue:)))
                event = SyntheticLLMTraffic(seed: seed, incidents: chosen, incidentAt: incidentAt).event(at:)
            } else {
                event = SyntheticTraffic(seed: seed, driftAt: driftAt).event(at:)
            }
            let output = try OutputFile(path: out)
            for i in start..<(start + events) {
                output.write(event(i) + [UInt8(ascii: "\n")])
            }
            output.flush()
        }
    }
}
