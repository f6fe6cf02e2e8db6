import Synchronization
public import DriftwatchCore

/// Asks a worker to stop (SIGINT/SIGTERM, the demo, tests). Thread-safe.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .releasing) }
    public var isStopped: Bool { flag.load(ordering: .acquiring) }
}

/// A worker's progress, readable from any thread (progress lines, benchmark, tests).
public final class WorkerStatus: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var counters = ProcessorCounters()
        /// Last committed offset per "topic/partition".
        public var committed: [String: Int64] = [:]
        public var assigned: [String] = []
        public var ready = false
        /// Predictions waiting for a delayed label.
        public var pendingLabels = 0
        /// When the first message arrived (benchmarks measure from it).
        public var firstMessageAt: ContinuousClock.Instant?
        public init() {}
    }

    private let state = Mutex(Snapshot())
    public init() {}
    public var snapshot: Snapshot { state.withLock { $0 } }
    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0) } }
}

