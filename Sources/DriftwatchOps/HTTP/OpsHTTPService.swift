public import Hummingbird
public import Logging
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// The operations endpoint as the worker's `ServiceGroup` runs it: the Hummingbird application
/// of `makeOpsApplication`, whose failure to start (a port already in use) becomes one sentence
/// naming the address, and which calls `onListening` once the port is bound (`run` starts the
/// worker only then).
public struct OpsHTTPService: Service {
    public let configuration: OpsHTTPConfiguration
    private let app: Application<RouterResponder<BasicRequestContext>>
    private let bound: Bound

    public init(
        configuration: OpsHTTPConfiguration, registry: PrometheusCollectorRegistry, readiness: Readiness,
        reportStore: ReportStore, logger: Logger, onListening: @escaping @Sendable (Int) -> Void
    ) {
        let bound = Bound()
        self.configuration = configuration
        self.bound = bound
        app = makeOpsApplication(
            configuration: configuration, registry: registry, readiness: readiness, reportStore: reportStore,
            logger: logger,
            onServerRunning: { port in
                bound.flag.store(true, ordering: .releasing)
                onListening(port)
            })
    }

    public func run() async throws {
        do {
            try await app.run()
        } catch where !bound.flag.load(ordering: .acquiring) {
            throw OpsHTTPStartFailure(host: configuration.host, port: configuration.port, underlying: error)
        }
    }

    private final class Bound: Sendable {
        let flag = Atomic<Bool>(false)
    }
}

/// The endpoint could not listen: "cannot listen on 127.0.0.1:9464 (http.address, http.port): …".
public struct OpsHTTPStartFailure: Error, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var underlying: any Error

    public var description: String {
        "cannot listen on \(host):\(port) (http.address, http.port): \(underlying)."
    }
}
