import ArgumentParser
import DriftwatchOps

@main
struct Driftwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch",
        abstract: "Watches ML model predictions on Kafka for drift, quality and latency problems.",
        version: BuildInfo.driftwatchVersion,
        subcommands: [
            RunCommand.self,
            ReplayCommand.self,
            DemoCommand.self,
            SyntheticCommand.self,
            MockClusterCommand.self,
            ProduceSyntheticCommand.self,
            ReferenceCommand.self,
        ]
    )
}
