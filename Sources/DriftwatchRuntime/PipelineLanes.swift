import Dispatch
public import DriftwatchCore
public import DriftwatchKafka
import Synchronization

/// The worker's processors split into lanes by partition (`partition % lanes`), so a polled
/// batch uses both cores: each lane processes its partitions' messages of the batch, in order,
/// on its own thread, and the batch ends when every lane is done. A partition always belongs to
/// the same lane, so its messages are processed in order and its outputs are identical to a
/// single-lane (or replay) run.
///
/// `@unchecked Sendable`: a lane's driver is touched by exactly one thread at a time — inside
/// `process(batch:)` by its lane's iteration of `concurrentPerform`, which returns only after
/// every lane finished; everywhere else (acknowledgements, commits, rebalances) by the polling
/// thread between batches.
final class PipelineLanes: @unchecked Sendable {
    let drivers: [PipelineDriver]
    let acks: AckQueue

    init(context: PipelineContext, sink: any OutputSink, acks: AckQueue, lanes: Int) {
        let n = max(1, lanes)
        self.acks = acks
        drivers = (0..<n).map {
            PipelineDriver(context: context, sink: sink, acks: acks, instanceOffset: Int32($0), instanceStride: Int32(n))
        }
    }

    @inline(__always)
    func driver(for partition: Int32) -> PipelineDriver {
        drivers.count == 1 ? drivers[0] : drivers[Int(partition) % drivers.count]
    }

    /// Processes the batch's predictions and labels; messages of `skipping` (the summaries
    /// topic, which the model stage reads) are left to the caller.
    func process(batch: [KafkaMessage], labelsTopic: String?, skipping: String? = nil) throws {
        let n = drivers.count
        if n == 1 || batch.count < 256 {
            for message in batch where message.topic != skipping {
                try Self.process(message, driver(for: message.partition), labelsTopic)
            }
            return
        }
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: n) { lane in
            let driver = drivers[lane]
            do {
                for message in batch where Int(message.partition) % n == lane && message.topic != skipping {
                    try Self.process(message, driver, labelsTopic)
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    @inline(__always)
    static func process(_ message: KafkaMessage, _ driver: PipelineDriver, _ labelsTopic: String?) throws {
        let source: InputSource = message.topic == labelsTopic ? .labels : .predictions
        let timestamp = message.timestamp.map(Double.init)
        try message.withUnsafeValue { value in
            try message.withUnsafeKey { key in
                try driver.process(
                    source: source, partition: message.partition, offset: message.offset,
                    timestampMs: timestamp, key: key.count > 0 ? key : nil,
                    value: message.isNullValue ? nil : value)
            }
        }
    }

    /// Routes the delivery reports received so far to their lanes, and the model stage's
    /// (negative processor numbers) to `modelStage`.
    func applyAcknowledgements(modelStage: ModelStageDriver? = nil) throws {
        let (acked, failed) = acks.drain()
        let n = drivers.count
        let partitionAcked = acked.filter { !ModelStageDriver.isModelStage($0) }
        let partitionFailed = failed.filter { !ModelStageDriver.isModelStage($0) }
        for lane in 0..<n {
            try drivers[lane].apply(
                acked: n == 1 ? partitionAcked : partitionAcked.filter { Int($0.processor) % n == lane },
                failed: n == 1 ? partitionFailed : partitionFailed.filter { Int($0.processor) % n == lane })
        }
        try modelStage?.apply(acked: acked.filter(ModelStageDriver.isModelStage),
                              failed: failed.filter(ModelStageDriver.isModelStage))
    }

    /// The partition's window state for the commit metadata (nil before its processor exists).
    func windowState(partition: Int32) -> PartitionWindowState? {
        driver(for: partition).processors[partition]?.windowState()
    }

    /// Continues a previous owner's windows of `partition` (before its first message).
    func restore(partition: Int32, _ state: PartitionWindowState) {
        driver(for: partition).processor(for: partition).restore(state)
    }

    func safeOffsets(partition: Int32) -> (predictions: Int64?, labels: Int64?) {
        driver(for: partition).safeOffsets(partition: partition)
    }

    func remove(partition: Int32) { driver(for: partition).remove(partition: partition) }

    var partitions: [Int32] { drivers.flatMap { $0.processors.keys }.sorted() }

    /// Predictions waiting for a delayed label, over every lane.
    var pendingLabels: Int { drivers.reduce(0) { $0 + $1.pendingLabels } }

    var counters: ProcessorCounters { drivers.reduce(ProcessorCounters()) { $0 + $1.counters } }

    /// Open windows and label joins over every lane's processors (memory breakdown).
    var approximateBytes: PipelineStateBytes {
        drivers.reduce(PipelineStateBytes()) { total, driver in
            driver.processors.values.reduce(total) { $0 + $1.approximateBytes }
        }
    }
}
