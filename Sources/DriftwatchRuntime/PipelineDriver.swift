public import DriftwatchCore

/// Feeds messages to one `PartitionProcessor` per partition and their outputs to the sink, on
/// one thread: `run` calls it from the consumer's poll loop, `replay` from the file reader.
/// Processors own their state; the driver only routes by partition.
public final class PipelineDriver {
    public let context: PipelineContext
    public let sink: any OutputSink
    public let acks: AckQueue
    /// Processors by partition number.
    public private(set) var processors: [Int32: PartitionProcessor] = [:]
    private var byInstance: [Int32: PartitionProcessor] = [:]
    private var nextInstance: Int32
    private let instanceStride: Int32
    private var out: [OutputMessage] = []
    /// The processor of the latest message (consecutive messages usually share a partition):
    /// saves hashing the partition number per message.
    private var lastProcessor: PartitionProcessor?
    /// Counters of processors that were revoked (kept so totals never go backwards).
    private var retired = ProcessorCounters()
    /// In-process model stage (replay): the partition stage's summaries go straight to it
    /// instead of through the summaries topic. nil in `run`, where the topic carries them.
    public let modelStage: ModelStageDriver?
    /// Position of the next summary handed to the in-process model stage.
    private var summaryPosition: Int64 = 0
    /// Hand the in-process model stage each summary's bytes, parsed again as `run`'s model
    /// stage parses what it reads from the topic (the benchmark's measure of `run`'s CPU),
    /// instead of the typed value.
    public var summariesAsBytes = false

    /// Processor instances are numbered `instanceOffset`, `+ instanceStride`, … (lanes of one
    /// worker number theirs apart, so an acknowledgement finds its lane by `instance % lanes`).
    public init(
        context: PipelineContext, sink: any OutputSink, acks: AckQueue,
        instanceOffset: Int32 = 0, instanceStride: Int32 = 1, modelStage: ModelStageDriver? = nil
    ) {
        self.modelStage = modelStage
        self.nextInstance = instanceOffset
        self.instanceStride = max(1, instanceStride)
        self.context = context
        self.sink = sink
        self.acks = acks
    }

    /// A driver running both stages in process, as `replay` does: the partition stage's
    /// summaries go straight to a model stage writing to the same sink.
    public static func replaying(context: PipelineContext, sink: any OutputSink, acks: AckQueue) -> PipelineDriver {
        PipelineDriver(context: context, sink: sink, acks: acks, modelStage: ModelStageDriver(context: context, sink: sink))
    }

    /// The processor for `partition`, created on first use.
    public func processor(for partition: Int32) -> PartitionProcessor {
        if let p = processors[partition] { return p }
        let p = PartitionProcessor(partition: partition, instance: nextInstance, context: context)
        nextInstance += instanceStride
        processors[partition] = p
        byInstance[p.instance] = p
        return p
    }

    /// Processes one input message of `source`.
    @inline(__always)
    public func process(
        source: InputSource, partition: Int32, offset: Int64, timestampMs: Double?,
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?
    ) throws {
        let p: PartitionProcessor
        if let last = lastProcessor, last.partition == partition {
            p = last
        } else {
            p = processors[partition] ?? processor(for: partition)
            lastProcessor = p
        }
        switch source {
        case .predictions:
            p.processPrediction(offset: offset, timestampMs: timestampMs, key: key, value: value, out: &out)
        case .labels:
            p.processLabel(offset: offset, timestampMs: timestampMs, key: key, value: value, out: &out)
        }
        if !out.isEmpty { try publish() }
    }

    private func publish() throws {
        defer { out.removeAll(keepingCapacity: true) }
        for message in out {
            try sink.write(message)
            if let modelStage, case .summary(let summary) = message.payload {
                if summariesAsBytes {
                    try message.value.withUnsafeBytes { try modelStage.receive(partition: 0, offset: summaryPosition, value: $0) }
                } else {
                    try modelStage.receive(summary, partition: 0, offset: summaryPosition)
                }
                summaryPosition += 1
            }
        }
    }

    /// End of input (replay, SPEC section 2): every open partition window is analysed as
    /// partial, then the in-process model stage closes its last windows as partial.
    public func flushOpenWindows() throws {
        for partition in processors.keys.sorted() {
            processors[partition]!.flushOpenWindows(out: &out)
            if !out.isEmpty { try publish() }
        }
        try modelStage?.finish()
    }

    /// Applies the delivery reports received so far to the processors' ledgers (and the
    /// in-process model stage's, whose state records may then go out and be reported in turn).
    public func applyAcknowledgements() throws {
        repeat {
            let (acked, failed) = acks.drain()
            if acked.isEmpty && failed.isEmpty { return }
            try apply(acked: acked, failed: failed)
        } while modelStage != nil
    }

    /// Applies delivery reports taken from the queue by the caller.
    public func apply(acked: [AckToken], failed: [AckToken]) throws {
        for token in acked where !ModelStageDriver.isModelStage(token) { byInstance[token.processor]?.acknowledge(token) }
        for token in failed where !ModelStageDriver.isModelStage(token) { byInstance[token.processor]?.deliveryFailed(token) }
        try modelStage?.apply(acked: acked.filter(ModelStageDriver.isModelStage),
                              failed: failed.filter(ModelStageDriver.isModelStage))
    }

    /// Safe offsets to commit for `partition`: (predictions offset, labels offset).
    public func safeOffsets(partition: Int32) -> (predictions: Int64?, labels: Int64?) {
        guard let p = processors[partition] else { return (nil, nil) }
        return (p.safeOffset(source: .predictions), p.safeOffset(source: .labels))
    }

    /// Drops a partition's processor and its open windows (revoked or lost).
    public func remove(partition: Int32) {
        guard let p = processors.removeValue(forKey: partition) else { return }
        if lastProcessor === p { lastProcessor = nil }
        p.dropOpenState()
        retired = retired + p.counters
        byInstance[p.instance] = nil
    }

    /// Totals over every processor, past and present.
    public var counters: ProcessorCounters {
        processors.values.reduce(retired) { $0 + $1.counters }
    }

    /// Predictions waiting for a delayed label, over all processors.
    public var pendingLabels: Int { processors.values.reduce(0) { $0 + $1.pendingLabels } }
}
