import DriftwatchOps
import Logging
import Prometheus
import Testing

/// `OpsHTTPService` as `run` uses it: a port already in use fails start-up with one sentence.
@Suite(.timeLimit(.minutes(1))) struct OpsHTTPServiceTests {
    static func service(port: Int, onListening: @escaping @Sendable (Int) -> Void) -> OpsHTTPService {
        var logger = Logger(label: "driftwatch.http.test")
        logger.logLevel = .critical
        return OpsHTTPService(
            configuration: OpsHTTPConfiguration(host: "127.0.0.1", port: port, reportRefreshSeconds: nil),
            registry: PrometheusCollectorRegistry(), readiness: Readiness(), reportStore: ReportStore(),
            logger: logger, onListening: onListening)
    }

    @Test func aPortInUseFailsStartUpWithOneSentenceNamingTheAddress() async throws {
        try await withOpsServer(registry: PrometheusCollectorRegistry(), readiness: Readiness(), reportStore: ReportStore()) { port in
            let second = Self.service(port: port) { _ in Issue.record("the second server must not listen") }
            do {
                try await second.run()
                Issue.record("run() returned although the port is taken")
            } catch let failure as OpsHTTPStartFailure {
                #expect(failure.port == port)
                #expect(failure.description.hasPrefix("cannot listen on 127.0.0.1:\(port) (http.address, http.port): "))
                #expect(!failure.description.contains("\n"))
            }
        }
    }
}
