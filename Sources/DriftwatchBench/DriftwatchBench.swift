import ArgumentParser

/// `driftwatch-bench`: benchmarks that print numbers (STYLE: benchmarks are commands), in an
/// executable of their own so that the product ships none of them. `BenchMain` is the entry point.
struct DriftwatchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch-bench",
        abstract: "Benchmarks of driftwatch that print numbers.",
        subcommands: [
            StatsBench.self, DecodeBenchCommand.self, PipelineBenchCommand.self, BenchConsumeCommand.self,
            BenchWorkerCommand.self, BenchReplayCommand.self,
        ]
    )
}
