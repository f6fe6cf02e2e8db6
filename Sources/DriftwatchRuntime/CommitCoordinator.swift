public import DriftwatchCore
public import DriftwatchKafka
public import Logging

/// What the commit coordinator needs of the consumer: committing offsets. `KafkaConsumer`
/// conforms; unit tests use a recorder.
public protocol OffsetCommitting: AnyObject {
    /// Commits and waits for the broker's answer (revoke, shutdown).
    func commitSync(_ offsets: [KafkaTopicPartitionOffset]) throws
    /// Sends a commit without waiting (the periodic commit of the poll loop).
    func commitAsync(_ offsets: [KafkaTopicPartitionOffset]) throws
}

extension KafkaConsumer: OffsetCommitting {}

/// At-least-once commits for the worker (SPEC section 7): which offsets are safe (from the
/// lanes' ledgers), when to commit them (every `interval`, on an empty poll, before a revoke,
/// at shutdown), and the worker's status of assignments and committed offsets.
///
/// Reached from the rebalance handler, which librdkafka calls on the polling thread inside
/// `poll`: `@unchecked Sendable` because only that one thread ever touches it.
final class CommitCoordinator: @unchecked Sendable {
    let lanes: PipelineLanes
    /// The model stage of the summaries partitions this worker owns.
    let modelStage: ModelStageDriver
    /// Reads the group's committed offsets (and window state) for partitions just assigned.
    var restoreWindows: (([KafkaTopicPartition]) throws -> [KafkaTopicPartitionOffset])?
    /// Reads a summaries partition's model states from the state topic.
    var restoreModels: ((Int32) throws -> [ModelState])?
    let topics: DriftwatchConfig.Topics
    let logger: Logger
    let status: WorkerStatus
    /// Flushes the producer (up to the given time) so that outputs get their delivery reports.
    let flush: (Duration) throws -> Void
    /// Set once the consumer exists (it needs the rebalance handler, which needs this).
    var committer: (any OffsetCommitting)?
    private var lastCommitted: [KafkaTopicPartition: Int64] = [:]
    private var lastCommit: ContinuousClock.Instant
    private let interval: Duration

    init(
        lanes: PipelineLanes, modelStage: ModelStageDriver, topics: DriftwatchConfig.Topics, interval: Duration,
        status: WorkerStatus, logger: Logger, flush: @escaping (Duration) throws -> Void
    ) {
        self.lanes = lanes
        self.modelStage = modelStage
        self.topics = topics
        self.interval = interval
        self.status = status
        self.logger = logger
        self.flush = flush
        lastCommit = ContinuousClock.now
    }

    /// Safe offsets of `partitions`: only those that moved since the last commit sent, or
    /// all of them (`onlyMoved: false`), because an async commit the broker refused is
    /// remembered as sent and would otherwise never be retried.
    /// The predictions offset carries the partition's window state as commit metadata, so the
    /// next owner continues the same windows (SPEC section 4).
    func commitOffsets(
        partitions: [Int32], summaries: [Int32] = [], onlyMoved: Bool = true
    ) -> [KafkaTopicPartitionOffset] {
        do {
            try lanes.applyAcknowledgements(modelStage: modelStage)
        } catch {
            logger.error("pipeline.model_stage.publish.failed", metadata: ["error": "\(error)"])
        }
        var result: [KafkaTopicPartitionOffset] = []
        for p in partitions {
            let (predictions, labels) = lanes.safeOffsets(partition: p)
            if let o = predictions {
                let tp = KafkaTopicPartition(topic: topics.predictions, partition: p)
                if !onlyMoved || lastCommitted[tp] != o {
                    result.append(KafkaTopicPartitionOffset(tp, offset: o, metadata: lanes.windowState(partition: p)?.encoded))
                }
            }
            if let o = labels, let labelsTopic = topics.labels {
                let tp = KafkaTopicPartition(topic: labelsTopic, partition: p)
                if !onlyMoved || lastCommitted[tp] != o { result.append(KafkaTopicPartitionOffset(tp, offset: o)) }
            }
        }
        for q in summaries {
            guard let o = modelStage.safeOffset(partition: q) else { continue }
            let tp = KafkaTopicPartition(topic: topics.summaries, partition: q)
            if !onlyMoved || lastCommitted[tp] != o { result.append(KafkaTopicPartitionOffset(tp, offset: o)) }
        }
        return result
    }

    /// The poll loop's periodic commit: asynchronous, every `interval` or after an empty poll.
    func commitIfDue(now: ContinuousClock.Instant, idle: Bool) {
        guard now - lastCommit >= interval || idle else { return }
        lastCommit = now
        let offsets = commitOffsets(partitions: lanes.partitions, summaries: modelStage.partitions)
        guard let committer, !offsets.isEmpty else { return }
        do {
            try committer.commitAsync(offsets)
            committed(offsets)
        } catch {
            logger.warning("pipeline.commit.failed", metadata: ["error": "\(error)"])
        }
    }

    /// Commits what is safe for `partitions` synchronously, after giving the producer a
    /// chance to deliver their outputs (revoke and shutdown).
    func commitSafely(partitions: [Int32], summaries: [Int32], flushTimeout: Duration) {
        do {
            try flush(flushTimeout)
            // Acknowledged model windows release their state records: deliver those too.
            try lanes.applyAcknowledgements(modelStage: modelStage)
            try flush(flushTimeout)
        } catch {
            logger.warning("pipeline.flush.incomplete", metadata: ["error": "\(error)"])
        }
        let offsets = commitOffsets(partitions: partitions, summaries: summaries, onlyMoved: false)
        guard let committer, !offsets.isEmpty else { return }
        do {
            try committer.commitSync(offsets)
            committed(offsets)
            logger.info("pipeline.committed", metadata: ["offsets": "\(offsets)"])
        } catch {
            logger.warning("pipeline.commit.failed", metadata: ["error": "\(error)"])
        }
    }

    private func committed(_ offsets: [KafkaTopicPartitionOffset]) {
        for o in offsets { lastCommitted[o.topicPartition] = o.offset }
        status.update { s in
            for o in offsets { s.committed[o.topicPartition] = o.offset }
        }
    }

    /// The consumer's rebalance handler: a revoke commits what is safe before the partitions go.
    func rebalance(_ event: KafkaRebalanceEvent) {
        switch event {
        case .assigned(let tps):
            logger.info("pipeline.rebalance.assigned", metadata: ["kafka.partitions": "\(tps.logText)"])
            restore(tps)
            status.update { $0.assigned.append(contentsOf: tps) }
        case .revoked(let tps):
            logger.info("pipeline.rebalance.revoked", metadata: ["kafka.partitions": "\(tps.logText)"])
            let partitions = Array(Set(tps.filter { $0.topic != topics.summaries }.map(\.partition))).sorted()
            let summaries = tps.filter { $0.topic == topics.summaries }.map(\.partition).sorted()
            commitSafely(partitions: partitions, summaries: summaries, flushTimeout: .seconds(10))
            drop(tps)
        case .lost(let tps):
            logger.warning("pipeline.rebalance.lost", metadata: ["kafka.partitions": "\(tps.logText)"])
            drop(tps)
        }
    }

    /// Before the first message of newly assigned partitions: predictions partitions continue
    /// the windows described by their commit metadata; summaries partitions restore their
    /// models' state from the state topic (SPEC sections 4 and 6: restored before deciding).
    private func restore(_ tps: [KafkaTopicPartition]) {
        let predictions = tps.filter { $0.topic == topics.predictions }
        if !predictions.isEmpty, let restoreWindows {
            do {
                for committed in try restoreWindows(predictions) {
                    guard let text = committed.metadata, let state = try PartitionWindowState(encoded: text) else { continue }
                    lanes.restore(partition: committed.partition, state)
                    logger.info("pipeline.windows.restored", metadata: [
                        "kafka.partition": "\(committed.partition)", "offset": "\(committed.offset)", "state": "\(text)"])
                }
            } catch {
                logger.error("pipeline.windows.restore.failed", metadata: ["error": "\(error)"])
            }
        }
        for q in tps.filter({ $0.topic == topics.summaries }).map(\.partition) {
            var states: [ModelState] = []
            do {
                states = try restoreModels?(q) ?? []
            } catch {
                logger.error("pipeline.model_state.restore.failed", metadata: ["kafka.partition": "\(q)", "error": "\(error)"])
            }
            modelStage.assign(partition: q, states: states)
            logger.info("pipeline.model_state.restored", metadata: [
                "kafka.partition": "\(q)", "models": "\(states.map(\.modelID))"])
        }
    }

    private func drop(_ tps: [KafkaTopicPartition]) {
        // A processor serves both topics of a partition number: drop it when either goes.
        for q in tps.filter({ $0.topic == topics.summaries }).map(\.partition) { modelStage.revoke(partition: q) }
        for p in Set(tps.filter { $0.topic != topics.summaries }.map(\.partition)) { lanes.remove(partition: p) }
        for tp in tps { lastCommitted[tp] = nil }
        let gone = Set(tps)
        status.update { $0.assigned.removeAll { gone.contains($0) } }
    }
}
