import ArgumentParser

@main
struct Driftwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch",
        abstract: "Watches ML model predictions on Kafka for drift, quality and latency problems.",
        subcommands: [
            MockClusterCommand.self,
            ProduceSyntheticCommand.self,
            BenchConsumeCommand.self,
        ]
    )
}
