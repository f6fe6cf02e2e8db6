public import DriftwatchKafka
import Foundation
public import Logging

/// The one mock-cluster fixture of the tests: an in-process cluster (librdkafka's mock brokers,
/// real protocol over loopback TCP), a logger, and names unique to a test. Each suite family
/// holds its own instance (`TestCluster`, `E2ECluster`): the Kafka tests take brokers down,
/// which must not disturb the end-to-end tests running beside them.
public final class MockClusterFixture: Sendable {
    public let logger: Logger
    public let cluster: MockCluster

    /// `DRIFTWATCH_TEST_LOG=info` (or debug) overrides `logLevel` to show the clients' logs.
    public init(label: String, brokers: Int, logLevel: Logger.Level) {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["DRIFTWATCH_TEST_LOG"]
            .flatMap(Logger.Level.init(rawValue:)) ?? logLevel
        self.logger = logger
        do {
            cluster = try MockCluster.start(brokers: brokers, logger: logger)
        } catch {
            fatalError("The mock cluster of \(label) did not start: \(error)")
        }
    }

    public var bootstrapServers: String { cluster.bootstrapServers }

    /// A topic or group name unique to this process and call.
    public func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
