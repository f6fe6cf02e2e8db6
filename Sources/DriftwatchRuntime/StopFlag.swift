import Synchronization
public import DriftwatchCore
public import DriftwatchKafka

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
        /// The model stage's counters (model windows, alerts, triggers) over owned summaries partitions.
        public var modelStage = ModelStageDriver.Counters()
        /// Last committed offset (the next offset to read) per topic-partition.
        public var committed: [KafkaTopicPartition: Int64] = [:]
        /// Topic-partitions this worker owns, in assignment order.
        public var assigned: [KafkaTopicPartition] = []
        public var ready = false
        /// The worker was asked to stop and is draining (`/readyz` turns unready).
        public var stopping = false
        /// Predictions waiting for a delayed label.
        public var pendingLabels = 0
        /// When the first message arrived (benchmarks measure from it).
        public var firstMessageAt: ContinuousClock.Instant?
        /// Where the worker's memory went (`MemoryBreakdown`), once it has stopped.
        public var memory: MemoryBreakdown?
        public init() {}
    }

    private let state = Mutex(Snapshot())
    public init() {}
    public var snapshot: Snapshot { state.withLock { $0 } }
    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0) } }
}

