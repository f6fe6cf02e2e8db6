public import DriftwatchKafka
public import DriftwatchRuntime
public import ServiceLifecycle

/// Copies the worker's status into metrics and readiness once a second (SPEC section 9): events
/// consumed per input topic, alerts the cooldown suppressed, label-join backlog, started,
/// partitions assigned, shutting down. (Dead letters are booked by `OutputObserver`, under the
/// topic they came from.)
///
/// A `Service` listed before the worker in the `ServiceGroup`, so it stops after the worker
/// drained and books the final counters on its way out.
public struct WorkerStatusMetrics: Service {
    let status: WorkerStatus
    let metrics: DriftwatchMetrics
    let readiness: Readiness
    let predictionsTopic: String
    let labelsTopic: String?
    let interval: Duration

    public init(
        status: WorkerStatus, metrics: DriftwatchMetrics, readiness: Readiness,
        predictionsTopic: String, labelsTopic: String?, interval: Duration = .seconds(1)
    ) {
        self.status = status
        self.metrics = metrics
        self.readiness = readiness
        self.predictionsTopic = predictionsTopic
        self.labelsTopic = labelsTopic
        self.interval = interval
    }

    public func run() async throws {
        var booked = Booked()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            book(status.snapshot, &booked)
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
        book(status.snapshot, &booked)
        readiness.shuttingDown()
    }

    /// What has been counted into the metrics so far (counters only ever grow by the difference).
    struct Booked {
        var predictions = 0
        var labels = 0
        var alertsSuppressed = 0
        var unconfiguredModelEvents = 0
        var predictionsUnlabelled = 0
        var earlyLabelsOverflowed = 0
        var earlyLabelsExpired = 0
        var earlyLabelsReplaced = 0
        var started = false
    }

    func book(_ snapshot: WorkerStatus.Snapshot, _ booked: inout Booked) {
        let c = snapshot.counters
        let predictions = c.consumed - c.labels
        metrics.eventsConsumed(topic: predictionsTopic, count: max(0, predictions - booked.predictions))
        if let labelsTopic { metrics.eventsConsumed(topic: labelsTopic, count: max(0, c.labels - booked.labels)) }
        metrics.alertsSuppressed(count: max(0, c.alertsSuppressed - booked.alertsSuppressed))
        booked.alertsSuppressed = c.alertsSuppressed
        metrics.unconfiguredModelEvents(count: max(0, c.unconfiguredModelEvents - booked.unconfiguredModelEvents))
        booked.unconfiguredModelEvents = c.unconfiguredModelEvents
        booked.predictions = predictions
        booked.labels = c.labels
        metrics.labelJoinPending(snapshot.pendingLabels)
        metrics.labelJoinDropped(reason: "prediction_evicted", count: max(0, c.predictionsUnlabelled - booked.predictionsUnlabelled))
        metrics.labelJoinDropped(reason: "label_overflow", count: max(0, c.earlyLabelsOverflowed - booked.earlyLabelsOverflowed))
        metrics.labelJoinDropped(reason: "label_expired", count: max(0, c.earlyLabelsExpired - booked.earlyLabelsExpired))
        booked.predictionsUnlabelled = c.predictionsUnlabelled
        booked.earlyLabelsOverflowed = c.earlyLabelsOverflowed
        metrics.labelJoinDropped(reason: "label_replaced", count: max(0, c.earlyLabelsReplaced - booked.earlyLabelsReplaced))
        booked.earlyLabelsExpired = c.earlyLabelsExpired
        booked.earlyLabelsReplaced = c.earlyLabelsReplaced
        if snapshot.ready && !booked.started {
            readiness.started()
            booked.started = true
        }
        readiness.partitionsAssigned(snapshot.assigned.filter { $0.topic == predictionsTopic }.count)
        if snapshot.stopping { readiness.shuttingDown() }
    }
}
