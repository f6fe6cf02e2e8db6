import ArgumentParser
import DriftwatchKafka
import Foundation
import Logging
import ServiceLifecycle

/// `driftwatch mock-cluster`: an in-process Kafka cluster on loopback for development and tests.
struct MockClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-cluster",
        abstract: "Start a mock Kafka cluster on 127.0.0.1 (librdkafka's mock brokers, real protocol).",
        discussion: """
            Prints the bootstrap list ("127.0.0.1:port,...") as the first line of stdout, then runs \
            until SIGINT or SIGTERM. The mock keeps at most 5 MiB per partition and always \
            auto-creates topics a client asks for (with 4 partitions).
            """
    )

    @Option(help: "Number of brokers.")
    var brokers = 3

    @Option(name: .customLong("topic"), help: "A topic to create, as NAME:PARTITIONS (repeatable).")
    var topics: [TopicSpec] = []

    func validate() throws {
        guard (1...32).contains(brokers) else {
            throw ValidationError("--brokers must be between 1 and 32, not \(brokers).")
        }
    }

    func run() async throws {
        var logger = Logger(label: "driftwatch.mock-cluster")
        logger.logLevel = .warning
        let cluster = try MockCluster.start(brokers: brokers, logger: logger)
        for topic in topics {
            try cluster.createTopic(topic.name, partitions: topic.partitions, replicationFactor: min(3, brokers))
        }
        // Written straight to the file descriptor: a reader sees the line at once, even on a pipe.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        let group = ServiceGroup(
            services: [UntilShutdown()], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        withExtendedLifetime(cluster) {}
    }
}

/// Holds `mock-cluster` open until SIGINT or SIGTERM reaches its `ServiceGroup`.
private struct UntilShutdown: Service {
    func run() async throws {
        try await gracefulShutdown()
    }
}

/// `NAME:PARTITIONS` on the command line.
struct TopicSpec: ExpressibleByArgument, Sendable {
    let name: String
    let partitions: Int

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let partitions = Int(parts[1]), partitions > 0 else {
            return nil
        }
        name = String(parts[0])
        self.partitions = partitions
    }

    static var defaultValueDescription: String { "NAME:PARTITIONS" }
}
