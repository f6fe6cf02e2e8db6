/// The pipeline of one partition (SPEC sections 3-7): decodes each message into a reused event,
/// routes it to its model's window, runs the three stages when a window closes, turns findings
/// into alerts and retrain triggers, and keeps the offset ledger for at-least-once commits.
///
/// Owns all its state (symbols, windows, cooldowns); one thread drives it at a time. Pure: no
/// Kafka, no clock, no I/O — `run` and `replay` feed it the same way.
public final class PartitionProcessor {
    public let partition: Int32
    /// Unique among the processors of one worker (acknowledgements name it, so a revoked and
    /// re-assigned partition never receives its predecessor's acknowledgements).
    public let instance: Int32
    public let context: PipelineContext
    public let decoder: EventDecoder
    public var symbols: SymbolTable { decoder.symbols }
    public private(set) var counters = ProcessorCounters()
    public private(set) var ledger = OffsetLedger()

    private var event = PredictionEvent()
    private var labelEvent = LabelEvent()
    // Internal, not private: `PartitionProcessor+WindowState.swift` reads them.
    var assigner: WindowAssigner
    /// Performance windows of inline labels (`window.size` pairs; decided in the model stage
    /// from the feature windows' summaries) and of labels from the labels topic (sub-windows
    /// of ceil(`window.size` / N) pairs, each with a performance summary for the model stage).
    var performance: PerformanceAssigner
    var topicPerformance: PerformanceAssigner
    private var join: LabelJoin?
    /// Delayed labels that arrived before their prediction (only with a labels topic).
    private var early: EarlyLabelBuffer?
    private var closed: [ClosedWindow] = []
    private var closedPerformance: [ClosedPerformanceWindow] = []
    /// Per model symbol id: the model's stages and alert state, made on first sight.
    private var models: [ModelStages?] = []
    /// Per model symbol id: whether the configuration names the model (nil: not asked yet).
    private var configured: [Bool?] = []
    private var lastTimeMs = 0.0
    /// Closed feature windows whose outputs are not acknowledged yet, by ledger group: the
    /// window state handed to the next owner starts at the oldest of them.
    var unpublished: [Int64: (model: Symbol, index: Int, startOffset: Int64)] = [:]
    /// The same for closed performance windows.
    var unpublishedPerformance: [Int64: (model: Symbol, start: PerformanceAssigner.Start, topic: Bool)] = [:]
    private let errorHeader = "error"

    public init(partition: Int32, instance: Int32, context: PipelineContext) {
        self.partition = partition
        self.instance = instance
        self.context = context
        self.decoder = EventDecoder()
        let topics = context.topics
        assigner = WindowAssigner(
            topic: topics.predictions, partition: partition, trigger: WindowTrigger(context.partitionWindow))
        performance = PerformanceAssigner(topic: topics.predictions, partition: partition, size: context.window.size)
        // Labels-topic pairs: sub-windows of ceil(size / N) pairs, as feature windows are, which
        // the model stage merges into model performance windows (one decision per model).
        topicPerformance = PerformanceAssigner(
            topic: topics.predictions, partition: partition, size: context.partitionWindow.size, labelsTopic: true)
        if topics.labels != nil {
            let labels = context.config.labels
            join = LabelJoin(maxPending: labels.maxPending, ttlMs: labels.ttlSeconds * 1_000)
            early = EarlyLabelBuffer(capacity: labels.maxEarly, ttlMs: labels.ttlSeconds * 1_000)
        }
    }

    // MARK: Input

    /// One message of the predictions topic. Outputs of windows that close are appended to `out`.
    @inline(__always)
    public func processPrediction(
        offset: Int64, timestampMs: Double?, key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?, out: inout [OutputMessage]
    ) {
        ledger.consumed(source: .predictions, offset: offset)
        counters.consumed &+= 1
        guard let value, value.count > 0 else {
            deadLetter(source: .predictions, offset: offset, key: key, value: value,
                       reason: value == nil ? "null message value" : "empty message value", out: &out)
            return
        }
        do {
            try decoder.decode(value, into: &event)
        } catch {
            deadLetter(source: .predictions, offset: offset, key: key, value: value,
                       reason: error.reason, out: &out)
            return
        }
        counters.events &+= 1
        if !isConfigured(event.modelID) { counters.unconfiguredModelEvents &+= 1 }
        let timeMs = event.timestampMs ?? timestampMs ?? lastTimeMs
        lastTimeMs = timeMs
        if !assigner.add(event, offset: offset, timeMs: timeMs, closed: &closed) { counters.skipped &+= 1 }
        if let prediction = event.prediction {
            if let label = event.label {
                let pair = LabelledPair(
                    prediction: prediction, label: label, score: event.score, version: event.modelVersion,
                    predictionOffset: offset, labelOffset: nil, timeMs: timeMs)
                addPair(pair, model: event.modelID, formedAtLabel: false, labelsTopic: false)
            } else if join != nil {
                if !early!.isEmpty, let label = early!.take(eventID: event.eventID, nowMs: timeMs) {
                    // The label came first: the pair forms now, at the prediction.
                    let pair = LabelledPair(
                        prediction: prediction, label: label.label, score: event.score, version: event.modelVersion,
                        predictionOffset: offset, labelOffset: label.offset, timeMs: timeMs)
                    addPair(pair, model: event.modelID, formedAtLabel: false, labelsTopic: true)
                } else {
                    join!.add(eventID: event.eventID, PendingPrediction(
                        model: event.modelID, prediction: prediction, score: event.score,
                        version: event.modelVersion, offset: offset, timeMs: timeMs))
                }
                syncLabelCounters()
            }
        }
        if !closed.isEmpty || !closedPerformance.isEmpty { emitClosed(out: &out) }
    }

    /// One message of the labels topic (delayed ground truth).
    public func processLabel(
        offset: Int64, timestampMs: Double?, key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?, out: inout [OutputMessage]
    ) {
        ledger.consumed(source: .labels, offset: offset)
        counters.consumed &+= 1
        guard let value, value.count > 0 else {
            deadLetter(source: .labels, offset: offset, key: key, value: value,
                       reason: value == nil ? "null message value" : "empty message value", out: &out)
            return
        }
        do {
            try decoder.decodeLabel(value, into: &labelEvent)
        } catch {
            deadLetter(source: .labels, offset: offset, key: key, value: value,
                       reason: error.reason, out: &out)
            return
        }
        counters.labels &+= 1
        guard join != nil else { return }
        let timeMs = labelEvent.timestampMs ?? timestampMs
        defer { syncLabelCounters() }
        guard let pending = join!.match(eventID: labelEvent.eventID, nowMs: timeMs) else {
            // No prediction yet: keep the label until it comes (bounded, counted when it leaves).
            early!.add(eventID: labelEvent.eventID, EarlyLabel(
                label: labelEvent.label, offset: offset, timeMs: timeMs ?? lastTimeMs))
            return
        }
        let pair = LabelledPair(
            prediction: pending.prediction, label: labelEvent.label, score: pending.score,
            version: pending.version, predictionOffset: pending.offset, labelOffset: offset,
            timeMs: pending.timeMs)
        addPair(pair, model: pending.model, formedAtLabel: true, labelsTopic: true)
        if !closedPerformance.isEmpty { emitClosed(out: &out) }
    }

    private func addPair(_ pair: LabelledPair, model: Symbol, formedAtLabel: Bool, labelsTopic: Bool) {
        let next = (ledger.next[InputSource.predictions.rawValue] ?? 0, ledger.next[InputSource.labels.rawValue] ?? 0)
        let added = labelsTopic
            ? topicPerformance.add(pair, model: model, formedAtLabel: formedAtLabel, next: next, closed: &closedPerformance)
            : performance.add(pair, model: model, formedAtLabel: formedAtLabel, next: next, closed: &closedPerformance)
        if !added { counters.skippedPairs &+= 1 }
    }

    /// Copies the join's and the early-label buffer's counts into `counters` (metrics read them).
    private func syncLabelCounters() {
        counters.predictionsUnlabelled = join?.evicted ?? 0
        counters.earlyLabelsJoined = early?.joined ?? 0
        counters.earlyLabelsOverflowed = early?.overflowed ?? 0
        counters.earlyLabelsExpired = early?.expired ?? 0
        counters.earlyLabelsReplaced = early?.replaced ?? 0
    }

    // MARK: Acknowledgements and commits

    public func acknowledge(_ token: AckToken) { ledger.acknowledge(group: token.group) }
    public func deliveryFailed(_ token: AckToken) { ledger.fail(group: token.group) }

    /// What may be committed for `source`: nothing at or after the first offset of an open
    /// window, a pending prediction, or a closed window with unacknowledged outputs.
    public func safeOffset(source: InputSource) -> Int64? {
        var open: Int64?
        func lower(_ o: Int64?) { if let o, open == nil || o < open! { open = o } }
        switch source {
        case .predictions:
            lower(assigner.minOpenOffset)
            lower(performance.minOpenPredictionOffset)
            lower(topicPerformance.minOpenPredictionOffset)
            lower(join?.minPendingOffset())
        case .labels:
            lower(topicPerformance.minOpenLabelOffset)
            lower(early?.minOffset())
        }
        return ledger.safeOffset(source: source, openMinimum: open)
    }

    /// Event time of the latest prediction event (0 before the first).
    public var lastEventTimeMs: Double { lastTimeMs }

    /// Events waiting in open windows (for progress and metrics).
    public var openEvents: Int { assigner.openEvents }

    /// Predictions waiting for a delayed label (`driftwatch_label_join_pending_predictions`).
    public var pendingLabels: Int { join?.pendingCount ?? 0 }

    /// Labels waiting for their prediction.
    public var earlyLabels: Int { early?.count ?? 0 }

    // MARK: Output

    private func deadLetter(
        source: InputSource, offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        reason: String, out: inout [OutputMessage]
    ) {
        counters.deadLettered &+= 1
        let topics = context.topics
        let sourceTopic = switch source {
        case .predictions: topics.predictions
        case .labels: topics.labels ?? ""
        }
        var holds: [Int64?] = [nil, nil]
        holds[source.rawValue] = offset
        let group = ledger.open(messages: 1, holds: holds)
        out.append(OutputMessage(
            topic: topics.deadLetter,
            key: key.map { Array($0) },
            value: value.map { Array($0) } ?? [],
            headers: [
                (errorHeader, Array(reason.utf8)),
                ("source.topic", Array(sourceTopic.utf8)),
                ("source.partition", Array(String(partition).utf8)),
                ("source.offset", Array(String(offset).utf8)),
            ],
            token: AckToken(processor: instance, group: group),
            payload: .deadLetter(DeadLetter(
                reason: reason, source: source, sourceTopic: sourceTopic, sourcePartition: partition,
                sourceOffset: offset))))
    }

    /// Whether `model` has an entry under `models`; the first time a processor meets an
    /// unconfigured one it tells `context.unconfiguredModels` (which reports each id once).
    private func isConfigured(_ model: Symbol) -> Bool {
        let id = Int(model.id)
        if id < configured.count, let known = configured[id] { return known }
        if id >= configured.count { configured.append(contentsOf: repeatElement(nil, count: id + 1 - configured.count)) }
        let name = symbols.string(for: model)
        let known = context.models[name] != nil
        configured[id] = known
        if !known { context.unconfiguredModels.record(name) }
        return known
    }

    private func stages(for model: Symbol) -> ModelStages {
        let id = Int(model.id)
        if id >= models.count { models.append(contentsOf: repeatElement(nil, count: id + 1 - models.count)) }
        if let s = models[id] { return s }
        let name = symbols.string(for: model)
        let s = ModelStages(modelID: name, setup: context.models[name], context: context)
        models[id] = s
        return s
    }

    private func emitClosed(out: inout [OutputMessage]) {
        for window in closed {
            counters.windowsClosed &+= 1
            let messages = stages(for: window.key.model).analyze(window, symbols: symbols)
            let group = publish(messages, holds: [window.info.startOffset, nil], out: &out)
            if ledger.isPending(group: group) {
                unpublished[group] = (window.key.model, window.info.index, window.info.startOffset)
            }
        }
        closed.removeAll(keepingCapacity: true)
        for window in closedPerformance {
            counters.performanceWindowsClosed &+= 1
            let messages = stages(for: window.key.model).analyze(window, symbols: symbols)
            let group = publish(messages, holds: [window.buffer.minPredictionOffset, window.buffer.minLabelOffset], out: &out)
            if ledger.isPending(group: group) {
                unpublishedPerformance[group] = (window.key.model, window.start, window.fromLabelsTopic)
            }
        }
        closedPerformance.removeAll(keepingCapacity: true)
    }

    @discardableResult
    private func publish(_ messages: [StageOutput], holds: [Int64?], out: inout [OutputMessage]) -> Int64 {
        let group = ledger.open(messages: messages.count, holds: holds)
        let token = AckToken(processor: instance, group: group)
        for m in messages {
            switch m.payload {
            case .report: counters.reports &+= 1
            case .alert: counters.alerts &+= 1
            case .trigger: counters.triggers &+= 1
            case .summary: counters.summaries &+= 1
            case .deadLetter, .state: break  // dead letters are counted where they are made
            }
            out.append(OutputMessage(topic: m.topic, key: Array(m.key.utf8), value: m.value, token: token, payload: m.payload))
        }
        return group
    }

    /// Closes and analyses every open window as partial (end of a replay's input, SPEC section 2:
    /// "at end of input, open windows are analysed and marked partial").
    public func flushOpenWindows(out: inout [OutputMessage]) {
        assigner.closeAll(closed: &closed)
        performance.closeAll(closed: &closedPerformance)
        topicPerformance.closeAll(closed: &closedPerformance)
        if !closed.isEmpty || !closedPerformance.isEmpty { emitClosed(out: &out) }
    }

    /// Forgets open windows and pending state (partition revoked or shutting down); they are
    /// rebuilt from the committed offsets by the next owner.
    public func dropOpenState() {
        unpublished.removeAll()
        unpublishedPerformance.removeAll()
        assigner.dropOpenWindows()
        performance.dropOpenWindows()
        topicPerformance.dropOpenWindows()
        join?.removeAll()
        early?.removeAll()
    }
}
