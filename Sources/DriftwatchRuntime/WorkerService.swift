import Foundation
public import ServiceLifecycle
import Synchronization

/// The worker as a swift-service-lifecycle `Service`: `Worker.run(stop:)` on a thread of its own
/// (it blocks in librdkafka's poll, which must never hold a thread of the cooperative pool).
///
/// Graceful shutdown (SIGTERM/SIGINT through the `ServiceGroup`, or a test's trigger) and task
/// cancellation set the worker's stop flag; the poll loop then ends within one poll timeout,
/// the pipeline drains, the producer flushes, safe offsets are committed and the consumer leaves
/// the group before `run()` returns.
///
/// With a `StartGate`, the worker waits for it to open first (`run` opens it once the HTTP
/// endpoint listens, so a port in use fails start-up before any message is consumed).
public struct WorkerService: Service {
    public let worker: Worker
    private let gate: StartGate?

    public init(worker: Worker, startAfter gate: StartGate? = nil) {
        self.worker = worker
        self.gate = gate
    }

    public func run() async throws {
        if let gate {
            // Shut down (or cancelled) before the gate opened: nothing was started, nothing to drain.
            guard await cancelWhenGracefulShutdown({ await gate.wait() }) else { return }
        }
        let stop = StopFlag()
        let worker = self.worker
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await onOwnThread { try worker.run(stop: stop) }
        } onCancelOrGracefulShutdown: {
            stop.stop()
        }
    }
}

/// Opens once; `wait()` returns true when it is open, false when the waiting task is cancelled.
public final class StartGate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func open() {
        continuation.yield()
        continuation.finish()
    }

    public func wait() async -> Bool {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next() != nil && !Task.isCancelled
    }
}

/// Runs a blocking `body` on a new thread and awaits its result (or error).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "driftwatch.worker"
        thread.start()
    }
}
