import Synchronization

/// What `/readyz` answers, set by the runtime as it learns about Kafka.
///
/// Ready = started, not shutting down, brokers reachable and at least one partition assigned.
/// The runtime calls `brokersReachable(_:)` from the consumer's error/statistics path
/// (`_ALL_BROKERS_DOWN` → false, a successful fetch or broker state UP → true) and
/// `partitionsAssigned(_:)` from the rebalance callback. `/healthz` does not look at this.
public final class Readiness: Sendable {
    public struct Status: Sendable, Equatable {
        public var started = false
        public var brokersReachable = false
        public var assignedPartitions = 0
        public var shuttingDown = false

        public var isReady: Bool { started && brokersReachable && assignedPartitions > 0 && !shuttingDown }

        /// Why the worker is not ready, one phrase each; empty when ready.
        public var reasons: [String] {
            var reasons: [String] = []
            if !started { reasons.append("not started") }
            if shuttingDown { reasons.append("shutting down") }
            if !brokersReachable { reasons.append("brokers unreachable") }
            if assignedPartitions == 0 { reasons.append("no partitions assigned") }
            return reasons
        }
    }

    private let state = Mutex(Status())
    private let metrics: DriftwatchMetrics?

    /// `metrics`: when given, `driftwatch_ready` and `driftwatch_assigned_partitions` follow this state.
    public init(metrics: DriftwatchMetrics? = nil) {
        self.metrics = metrics
    }

    public var status: Status { state.withLock { $0 } }
    public var isReady: Bool { status.isReady }

    /// The consumer is running (subscribed); call once at start.
    public func started() { update { $0.started = true } }

    /// Brokers answered (true) or all brokers are down (false).
    public func brokersReachable(_ reachable: Bool) { update { $0.brokersReachable = reachable } }

    /// The number of partitions this worker owns after a rebalance.
    public func partitionsAssigned(_ count: Int) {
        update { $0.assignedPartitions = max(0, count) }
        metrics?.assignedPartitions(max(0, count))
    }

    /// Graceful shutdown began: stop taking traffic.
    public func shuttingDown() { update { $0.shuttingDown = true } }

    private func update(_ change: (inout Status) -> Void) {
        state.withLock { status in
            change(&status)
            // Inside the lock, so the gauge never shows an older state than /readyz.
            metrics?.ready(status.isReady)
        }
    }
}
