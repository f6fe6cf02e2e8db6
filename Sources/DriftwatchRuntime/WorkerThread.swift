import Dispatch
import Foundation
import Synchronization

/// `Worker.run(stop:)` on a thread of its own, for the finite commands that drive a worker
/// directly (`demo`, the pipeline benchmark's worker): start, watch `worker.status`, then
/// `stopAndWait()`, which rethrows what stopped the worker. `run` uses `WorkerService` instead.
public final class WorkerThread: Sendable {
    public let worker: Worker
    private let stopFlag = StopFlag()
    private let outcome = Mutex<Result<Void, any Error>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `worker` at once.
    public init(worker: Worker) {
        self.worker = worker
        let thread = Thread { [self] in
            let result = Result { try worker.run(stop: stopFlag) }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.name = "driftwatch.worker"
        thread.start()
    }

    /// The error that stopped the worker, once it has stopped because of one.
    public var failure: (any Error)? {
        guard case .failure(let error)? = outcome.withLock({ $0 }) else { return nil }
        return error
    }

    /// Asks the worker to stop, waits until it has shut down gracefully, and rethrows its error.
    public func stopAndWait() throws {
        stopFlag.stop()
        finished.wait()
        finished.signal()  // a second call returns at once
        if let failure { throw failure }
    }
}
