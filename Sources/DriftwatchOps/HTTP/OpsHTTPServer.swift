public import Hummingbird
public import Logging
public import Prometheus
import Foundation

/// Where the operations endpoint listens (SPEC section 9: default port 9464).
public struct OpsHTTPConfiguration: Sendable {
    /// Bind address: 127.0.0.1 by default; 0.0.0.0 in a container so Prometheus can reach it.
    public var host: String
    /// 0 picks a free port (tests); `onServerRunning` reports the one bound.
    public var port: Int
    /// `/report` reloads itself this often in a browser; nil for never.
    public var reportRefreshSeconds: Int?

    public init(host: String = "127.0.0.1", port: Int = 9464, reportRefreshSeconds: Int? = 30) {
        self.host = host
        self.port = port
        self.reportRefreshSeconds = reportRefreshSeconds
    }
}

/// The HTTP application serving `/metrics`, `/healthz`, `/readyz`, `/report` (and `/` linking them).
///
/// It is a swift-service-lifecycle `Service`: add it to the worker's `ServiceGroup` (last, so it
/// stops last), or `try await app.runService()`. `onServerRunning` receives the bound port.
public func makeOpsApplication(
    configuration: OpsHTTPConfiguration = OpsHTTPConfiguration(),
    registry: PrometheusCollectorRegistry,
    readiness: Readiness,
    reportStore: ReportStore,
    logger: Logger = Logger(label: "driftwatch.http"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> Application<RouterResponder<BasicRequestContext>> {
    let router = makeOpsRouter(
        registry: registry, readiness: readiness, reportStore: reportStore,
        reportRefreshSeconds: configuration.reportRefreshSeconds)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "driftwatch"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The routes alone, for embedding in another Hummingbird application.
public func makeOpsRouter(
    registry: PrometheusCollectorRegistry,
    readiness: Readiness,
    reportStore: ReportStore,
    reportRefreshSeconds: Int? = 30
) -> Router<BasicRequestContext> {
    // HEAD on any GET route answers the GET's status and headers without a body (monitors and
    // load balancers probe with HEAD).
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.get("metrics") { _, _ -> Response in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        // process_* are read from /proc at scrape time, as the Go and Python clients do (absent
        // where /proc is not).
        if let process = ProcessMetrics.readSelf() { buffer.append(contentsOf: process.exposition.utf8) }
        return response(.ok, contentType: "text/plain; version=0.0.4; charset=utf-8", bytes: buffer)
    }
    router.get("healthz") { _, _ -> Response in
        response(.ok, contentType: "text/plain; charset=utf-8", bytes: Array("ok\n".utf8))
    }
    router.get("readyz") { _, _ -> Response in
        let status = readiness.status
        if status.isReady {
            return response(
                .ok, contentType: "text/plain; charset=utf-8",
                bytes: Array("ready: \(status.assignedPartitions) partitions assigned\n".utf8))
        }
        return response(
            .serviceUnavailable, contentType: "text/plain; charset=utf-8",
            bytes: Array("not ready: \(status.reasons.joined(separator: ", "))\n".utf8))
    }
    router.get("report") { _, _ -> Response in
        let snapshot = await reportStore.snapshot(generatedAt: wallClockTimestamp())
        let html = renderReportHTML(snapshot, refreshSeconds: reportRefreshSeconds)
        return response(.ok, contentType: "text/html; charset=utf-8", bytes: Array(html.utf8))
    }
    router.get("/") { _, _ -> Response in
        let index = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>driftwatch</title></head>
            <body><h1>driftwatch</h1><ul><li><a href="report">report</a></li><li><a href="metrics">metrics</a></li>
            <li><a href="healthz">healthz</a></li><li><a href="readyz">readyz</a></li></ul></body></html>
            """
        return response(.ok, contentType: "text/html; charset=utf-8", bytes: Array(index.utf8))
    }
    return router
}

private func response(_ status: HTTPResponse.Status, contentType: String, bytes: [UInt8]) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}

/// "2026-11-21T21:40:00Z": when a served report was generated (wall clock, for people).
func wallClockTimestamp() -> String {
    Date().formatted(.iso8601)
}
