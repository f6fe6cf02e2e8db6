public import DriftwatchCore

/// The model stage on the pipeline's thread (SPEC sections 1, 4, 6, 7): one
/// `ModelStageProcessor` per summaries topic-partition this worker owns, its outputs handed to
/// the sink, and the bookkeeping that makes it at-least-once:
///
/// - a model window's report, alerts and trigger form one group that holds the summaries offset
///   of the first summary still needed to rebuild that window;
/// - its state record is sent only after that group is acknowledged (a durable state must never
///   claim a window whose results could still be lost), in window order per model, and holds
///   the same offset until it is acknowledged itself;
/// - the offset to commit is the smallest hold, or the processor's safe position.
///
/// `run` feeds it summaries from the consumer; `replay` feeds it the summaries its partition
/// stage produces, so both decide identically.
public final class ModelStageDriver {
    public struct Counters: Sendable, Equatable {
        public var summaries = 0
        public var badSummaries = 0
        public var modelWindows = 0
        public var alerts = 0
        public var triggers = 0
        public var suppressedAlerts = 0
        public var silencedAlerts = 0
        public var excludedPartitions = 0
        public init() {}
    }

    private struct PendingState {
        var group: Int64
        var hold: Int64
        var state: ModelState
    }

    private struct Owned {
        var processor: ModelStageProcessor<WindowSummary>
        var ledger = OffsetLedger()
        /// Per model, state records waiting for their window's outputs, oldest first.
        var pendingStates: [String: [PendingState]] = [:]
        /// Per model, since when (wall clock, ms) its open window waits on silent partitions.
        var waitingSince: [String: Double] = [:]
        /// Summaries received at or after the processor's safe position, oldest first, with
        /// their `approximateBytes`: those the processor may still hold (memory breakdown).
        var held: [(position: Int64, bytes: Int)] = []
        var heldHead = 0
        var heldBytes = 0

        /// Forgets the summaries below the processor's safe position (no longer held).
        mutating func releaseHeld() {
            let safe = processor.safePosition() ?? Int64.max
            while heldHead < held.count && held[heldHead].position < safe {
                heldBytes -= held[heldHead].bytes
                heldHead += 1
            }
            if heldHead > 1024 && heldHead * 2 > held.count {
                held.removeFirst(heldHead)
                heldHead = 0
            }
        }
    }

    public let context: PipelineContext
    public let sink: any OutputSink
    public private(set) var counters = Counters()
    private var owned: [Int32: Owned] = [:]
    /// Called with one sentence when an idle partition is left out of a model's windows.
    public var onExclusion: ((String) -> Void)?

    public init(context: PipelineContext, sink: any OutputSink) {
        self.context = context
        self.sink = sink
    }

    /// Acknowledgement tokens of the model stage name their summaries partition as a negative
    /// processor number, apart from the partition processors' (which are ≥ 0).
    public static func isModelStage(_ token: AckToken) -> Bool { token.processor < 0 }
    private static func instance(_ partition: Int32) -> Int32 { -1 - partition }
    private static func partition(_ token: AckToken) -> Int32 { -1 - token.processor }

    public var partitions: [Int32] { owned.keys.sorted() }

    /// Heap bytes of the summaries the model stage may still hold: every summary received at or
    /// after its processor's safe position (queued, or merged into an open model window; an
    /// upper bound), by `WindowSummary.approximateBytes`.
    public func heldSummaryBytes() -> Int {
        for partition in owned.keys { owned[partition]!.releaseHeld() }
        return owned.values.reduce(0) { $0 + $1.heldBytes }
    }

    /// Takes ownership of a summaries partition with the states restored from the state topic
    /// (call before its first summary).
    public func assign(partition: Int32, states: [ModelState]) {
        var processor = ModelStageProcessor<WindowSummary>(context: context)
        for state in states { processor.restore(state) }
        owned[partition] = Owned(processor: processor)
    }

    /// Forgets a summaries partition (revoked or lost); the next owner rebuilds from the commit.
    public func revoke(partition: Int32) { owned[partition] = nil }

    /// One message of the summaries topic.
    public func receive(partition: Int32, offset: Int64, value: UnsafeRawBufferPointer) throws {
        let summary: WindowSummary
        do {
            summary = try WindowSummary(jsonBytes: value)
        } catch {
            // Written by a partition stage; unreadable means another version or corruption.
            counters.badSummaries += 1
            owned[partition]?.ledger.consumed(source: .predictions, offset: offset)
            return
        }
        try receive(summary, partition: partition, offset: offset)
    }

    public func receive(_ summary: WindowSummary, partition: Int32, offset: Int64) throws {
        if owned[partition] == nil { assign(partition: partition, states: []) }
        counters.summaries += 1
        owned[partition]!.ledger.consumed(source: .predictions, offset: offset)
        let hold = min(owned[partition]!.processor.safePosition() ?? offset, offset)
        let outputs = owned[partition]!.processor.receive(summary, position: offset)
        owned[partition]!.held.append((offset, summary.approximateBytes))
        owned[partition]!.heldBytes += owned[partition]!.held.last!.bytes
        owned[partition]!.releaseHeld()
        try publish(outputs, partition: partition, hold: hold)
    }

    /// End of input (replay): every model's last window closes as partial.
    public func finish() throws {
        for partition in partitions {
            let hold = owned[partition]!.processor.safePosition() ?? 0
            let outputs = owned[partition]!.processor.finish()
            try publish(outputs, partition: partition, hold: hold)
        }
    }

    /// Leaves partitions out of a model's open window after `maxAgeMs` of wall-clock waiting on
    /// them (SPEC section 4: the one place where timing may change a result; logged and counted).
    public func excludeIdle(nowMs: Double, maxAgeMs: Double) throws {
        for partition in partitions {
            for model in owned[partition]!.processor.modelIDs {
                let waiting = owned[partition]!.processor.waitingOn(model: model)
                if waiting.isEmpty { owned[partition]!.waitingSince[model] = nil; continue }
                let since = owned[partition]!.waitingSince[model] ?? nowMs
                owned[partition]!.waitingSince[model] = since
                guard nowMs - since >= maxAgeMs else { continue }
                owned[partition]!.waitingSince[model] = nil
                for p in waiting {
                    let hold = owned[partition]!.processor.safePosition() ?? 0
                    let outputs = owned[partition]!.processor.exclude(model: model, partition: p)
                    counters.excludedPartitions += 1
                    onExclusion?("model \(model): partition \(p) of \(context.topics.predictions) sent no window summary for \(Int(maxAgeMs / 1000)) s and is left out of the model window until it does")
                    try publish(outputs, partition: partition, hold: hold)
                }
            }
        }
    }

    /// Applies delivery reports of model-stage outputs, then sends the state records whose
    /// windows are now fully acknowledged.
    public func apply(acked: [AckToken], failed: [AckToken]) throws {
        for token in acked { owned[Self.partition(token)]?.ledger.acknowledge(group: token.group) }
        for token in failed { owned[Self.partition(token)]?.ledger.fail(group: token.group) }
        for partition in partitions { try sendReadyStates(partition: partition) }
    }

    /// The summaries offset that may be committed for `partition`.
    public func safeOffset(partition: Int32) -> Int64? {
        guard let o = owned[partition] else { return nil }
        return o.ledger.safeOffset(source: .predictions, openMinimum: o.processor.safePosition())
    }

    // MARK: Publishing

    private func publish(_ outputs: [ModelStageOutput], partition: Int32, hold: Int64) throws {
        var window: [ModelStageOutput] = []
        for output in outputs {
            if case .state(let state) = output {
                try publishWindow(window, state: state, partition: partition, hold: hold)
                window.removeAll()
            } else {
                window.append(output)
            }
        }
        precondition(window.isEmpty, "the model stage ends every window with its state record")
    }

    private func publishWindow(_ outputs: [ModelStageOutput], state: ModelState, partition: Int32, hold: Int64) throws {
        let topics = context.topics
        let messages: [OutputMessage] = outputs.compactMap { output in
            let key = Array(state.modelID.utf8)
            switch output {
            case .report(let body):
                counters.modelWindows += 1
                guard let topic = topics.reports else { return nil }
                // A model performance window (delayed labels) is a performance report: the HTML
                // report's model view and the drift gauges read feature model windows only.
                let stage: WindowReport.Stage = body["kind"]?.stringValue == "performance_report" ? .performance : .model
                let report = WindowReport(
                    stage: stage, modelID: state.modelID,
                    modelVersion: body["model_version"]?.stringValue, window: Self.window(of: body), body: body)
                return OutputMessage(topic: topic, key: key, value: output.jsonBytes,
                                     token: AckToken(processor: 0, group: 0), payload: .report(report))
            case .alert(let alert):
                counters.alerts += 1
                return OutputMessage(topic: topics.alerts, key: key, value: output.jsonBytes,
                                     token: AckToken(processor: 0, group: 0), payload: .alert(alert))
            case .trigger(let trigger):
                counters.triggers += 1
                return OutputMessage(topic: topics.retrain, key: key, value: output.jsonBytes,
                                     token: AckToken(processor: 0, group: 0), payload: .trigger(trigger))
            case .state:
                return nil
            }
        }
        let group = owned[partition]!.ledger.open(messages: messages.count, holds: [hold, nil])
        let token = AckToken(processor: Self.instance(partition), group: group)
        owned[partition]!.pendingStates[state.modelID, default: []].append(PendingState(group: group, hold: hold, state: state))
        for var message in messages {
            message.token = token
            try sink.write(message)
        }
        counters.suppressedAlerts = owned.values.reduce(0) { $0 + $1.processor.suppressedAlerts }
        counters.silencedAlerts = owned.values.reduce(0) { $0 + $1.processor.silencedAlerts }
        try sendReadyStates(partition: partition)
    }

    private func sendReadyStates(partition: Int32) throws {
        guard var o = owned[partition] else { return }
        for model in o.pendingStates.keys.sorted() {
            while let head = o.pendingStates[model]?.first, !o.ledger.isPending(group: head.group) {
                o.pendingStates[model]!.removeFirst()
                let group = o.ledger.open(messages: 1, holds: [head.hold, nil])
                owned[partition] = o
                try sink.write(OutputMessage(
                    topic: context.topics.state, key: Array(model.utf8), value: head.state.jsonBytes,
                    token: AckToken(processor: Self.instance(partition), group: group), payload: .state(head.state)))
                o = owned[partition]!
            }
            if o.pendingStates[model]?.isEmpty == true { o.pendingStates[model] = nil }
        }
        owned[partition] = o
    }

    /// The model window of a report body, for observers (metrics and /report key on it).
    private static func window(of body: JSONObject) -> WindowInfo {
        let w = body["window"]?.objectValue ?? JSONObject()
        func number(_ o: JSONObject, _ key: String) -> Double { o[key]?.doubleValue ?? 0 }
        var spans: [PartitionSpan] = []
        if case .array(let parts)? = w["partitions"] {
            for case .object(let p) in parts {
                spans.append(PartitionSpan(
                    partition: Int32(number(p, "partition")), startOffset: Int64(number(p, "start_offset")),
                    endOffset: Int64(number(p, "end_offset")), events: Int(number(p, "events"))))
            }
        }
        return WindowInfo.model(
            topic: w["topic"]?.stringValue ?? "", index: Int(number(w, "index")), partitions: spans,
            startTimeMs: w["start_time"]?.stringValue.flatMap(RFC3339.epochMilliseconds) ?? 0,
            endTimeMs: w["end_time"]?.stringValue.flatMap(RFC3339.epochMilliseconds) ?? 0,
            partial: w["partial"] == .bool(true))
    }
}
