import ArgumentParser

/// `driftwatch bench …`: benchmarks that print numbers (hidden from help). Add more as subcommands.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print numbers (release build: swift build -c release).",
        shouldDisplay: false,
        subcommands: [
            DecodeBenchCommand.self,
        ]
    )
}
