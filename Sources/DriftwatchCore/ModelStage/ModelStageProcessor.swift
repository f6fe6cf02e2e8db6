/// The model stage (MODEL-STAGE-DESIGN): for every model it sees, a `ModelWindowAssembler`
/// that forms model windows from partition-window summaries, an analysis of the merged summary,
/// an `AlertEngine` with model-wide cooldowns, and the trend of each alert type's key metric.
/// Pure and synchronous: `run` and `replay` feed it alike.
///
/// One processor per summaries topic-partition: `position` is the summary's offset there and
/// grows in arrival order; summaries are keyed by model id, so each model lives in one processor.
///
///     var stage = ModelStageProcessor<WindowSummary>(config: config, partitionCount: 12) { merged, window in
///         MergedAnalysis.analyze(merged, reference: ..., summaryReference: ..., settings: ..., window: window)
///     }
///     for state in restoredStates { stage.restore(state) }        // before the first summary
///     outputs = stage.receive(summary, position: offset)           // publish, then commit
///     commit(stage.safePosition())                                 // once outputs and states are acked
public struct ModelStageProcessor<S: MergeableSummary>: Sendable {
    /// Merged statistics of one model window: the model report and the findings to alert on.
    public typealias Analyzer = @Sendable (_ merged: S, _ window: WindowInfo) -> (report: JSONObject, findings: WindowFindings)

    public let config: DriftwatchConfig
    public let partitionCount: Int
    /// `runbook_url` per alert type (SPEC section 6, optional).
    public let runbooks: [AlertType: String]
    private let analyze: Analyzer
    /// Analysis of a model performance window (merged `isPerformance` summaries); without it
    /// such summaries are dropped (counted in `droppedSummaries`).
    private let analyzePerformance: Analyzer?
    private var droppedPerformance = 0
    private var models: [String: Model] = [:]
    private var lastPosition: Int64?
    /// Alerts held back by cooldowns (for logs and metrics).
    public private(set) var suppressedAlerts = 0
    /// Alerts held back by the configuration's `silences` (event-time ranges; SPEC section 6).
    public private(set) var silencedAlerts = 0
    private let silences: SilenceMatcher

    private struct Model: Sendable {
        var assembler: ModelWindowAssembler<S>
        var engine: AlertEngine
        var trend = ModelTrendHistory()
        /// Model performance windows (delayed labels), made on the first performance summary.
        var performance: ModelWindowAssembler<S>?
        var performanceTrend = ModelTrendHistory()
    }

    public init(config: DriftwatchConfig, partitionCount: Int, runbooks: [AlertType: String] = [:],
                analyze: @escaping Analyzer, analyzePerformance: Analyzer? = nil) {
        self.config = config
        self.partitionCount = partitionCount
        self.runbooks = runbooks
        self.silences = SilenceMatcher(silences: config.silences)
        self.analyze = analyze
        self.analyzePerformance = analyzePerformance
    }

    /// Summaries dropped as duplicates or as merged before a restore (for logs and metrics).
    public var droppedSummaries: Int {
        models.values.reduce(droppedPerformance) { $0 + $1.assembler.dropped + ($1.performance?.dropped ?? 0) }
    }

    /// Model ids seen or restored, sorted.
    public var modelIDs: [String] { models.keys.sorted() }

    /// Hands one summary to its model's assembler; returns the outputs of the model windows it closes.
    @_specialize(exported: true, where S == WindowSummary)
    public mutating func receive(_ summary: S, position: Int64) -> [ModelStageOutput] {
        lastPosition = max(lastPosition ?? position, position)
        let modelID = summary.modelID
        // Taken out while mutated, so the queues are not copied on write.
        var model = models.removeValue(forKey: modelID) ?? newModel()
        let outputs: [ModelStageOutput]
        if summary.isPerformance {
            if analyzePerformance != nil {
                if model.performance == nil { model.performance = newAssembler() }
                let closed = model.performance!.add(summary, position: position)
                outputs = closed.flatMap { decide($0, modelID: modelID, model: &model, performance: true) }
            } else {
                droppedPerformance += 1
                outputs = []
            }
        } else {
            let closed = model.assembler.add(summary, position: position)
            outputs = closed.flatMap { decide($0, modelID: modelID, model: &model) }
        }
        models[modelID] = model
        return outputs
    }

    /// Leaves an idle partition out of `modelID`'s windows (after `window.max_age` of wall-clock
    /// idleness) until its next summary; returns the outputs of the windows that can now close.
    @_specialize(exported: true, where S == WindowSummary)
    public mutating func exclude(model modelID: String, partition: Int32) -> [ModelStageOutput] {
        guard var model = models.removeValue(forKey: modelID) else { return [] }
        var outputs: [ModelStageOutput] = []
        if model.assembler.waitingOn.contains(partition) || model.performance?.waitingOn.contains(partition) != true {
            outputs = model.assembler.exclude(partition: partition).flatMap { decide($0, modelID: modelID, model: &model) }
        }
        if model.performance?.waitingOn.contains(partition) == true {
            outputs += model.performance!.exclude(partition: partition).flatMap {
                decide($0, modelID: modelID, model: &model, performance: true)
            }
        }
        models[modelID] = model
        return outputs
    }

    /// Partitions `modelID`'s open window waits on (candidates for `exclude` when idle).
    public func waitingOn(model modelID: String) -> [Int32] {
        guard let model = models[modelID] else { return [] }
        return Array(Set(model.assembler.waitingOn).union(model.performance?.waitingOn ?? [])).sorted()
    }

    /// End of input: every model's queues drained and last window closed as partial, models in id order.
    @_specialize(exported: true, where S == WindowSummary)
    public mutating func finish() -> [ModelStageOutput] {
        var outputs: [ModelStageOutput] = []
        for modelID in models.keys.sorted() {
            var model = models.removeValue(forKey: modelID)!
            outputs += model.assembler.finish().flatMap { decide($0, modelID: modelID, model: &model) }
            if model.performance != nil {
                outputs += model.performance!.finish().flatMap { decide($0, modelID: modelID, model: &model, performance: true) }
            }
            models[modelID] = model
        }
        return outputs
    }

    /// The summaries offset to commit (re-reading from it rebuilds everything the states do not
    /// hold): the first position still held by a queue or open window, else one past the last
    /// received. nil before the first summary.
    @_specialize(exported: true, where S == WindowSummary)
    public func safePosition() -> Int64? {
        let held = models.values.flatMap { [$0.assembler.minHeldPosition, $0.performance?.minHeldPosition] }.compactMap { $0 }.min()
        return held ?? lastPosition.map { $0 + 1 }
    }

    /// `modelID`'s state as of its last closed model window (what the last state record said).
    public func state(model modelID: String) -> ModelState {
        guard let model = models[modelID] else { return ModelState(modelID: modelID) }
        return Self.state(of: model, modelID: modelID)
    }

    /// Restores a model from its state record; call before feeding summaries from the committed position.
    public mutating func restore(_ state: ModelState) {
        var engine = AlertEngine(config: config)
        engine.cooldown.restore(Dictionary(uniqueKeysWithValues: state.cooldowns.map {
            (AlertCooldown.Key(modelID: state.modelID, type: $0.key), $0.value)
        }))
        engine.retrain.restore(state.retrain.map { [state.modelID: $0] } ?? [:])
        if let budget = state.llmBudget { engine.budget.states[state.modelID] = budget }
        let assembler = ModelWindowAssembler<S>(
            windowSize: config.window.size, partitionCount: partitionCount, windowIndex: state.windowIndex,
            nextExpected: state.nextExpected, excluded: state.excluded)
        var model = Model(assembler: assembler, engine: engine, trend: state.trend)
        if let p = state.performance {
            model.performance = ModelWindowAssembler<S>(
                windowSize: config.window.size, partitionCount: partitionCount, windowIndex: p.windowIndex,
                nextExpected: p.nextExpected, excluded: p.excluded)
            model.performanceTrend = p.trend
        }
        models[state.modelID] = model
    }

    private func newModel() -> Model {
        Model(assembler: newAssembler(), engine: AlertEngine(config: config))
    }

    private func newAssembler() -> ModelWindowAssembler<S> {
        ModelWindowAssembler(windowSize: config.window.size, partitionCount: partitionCount)
    }

    private static func state(of model: Model, modelID: String) -> ModelState {
        var cooldowns: [AlertType: AlertCooldown.Entry] = [:]
        for (key, entry) in model.engine.cooldown.state where key.modelID == modelID { cooldowns[key.type] = entry }
        var state = ModelState(
            modelID: modelID, windowIndex: model.assembler.windowIndex, nextExpected: model.assembler.nextExpected,
            excluded: model.assembler.excludedPartitions, cooldowns: cooldowns,
            retrain: model.engine.retrain.state[modelID], trend: model.trend,
            llmBudget: model.engine.budget.states[modelID])
        if let p = model.performance {
            state.performance = ModelState.Performance(
                windowIndex: p.windowIndex, nextExpected: p.nextExpected, excluded: p.excludedPartitions,
                trend: model.performanceTrend)
        }
        return state
    }

    /// Report, alerts with trend and runbook, trigger, and the state record of one closed window.
    /// `performance`: a model performance window (own index, ids and trend; cooldowns and the
    /// retrain episode are the model's, shared with its feature windows).
    private mutating func decide(
        _ window: ClosedModelWindow<S>, modelID: String, model: inout Model, performance: Bool = false
    ) -> [ModelStageOutput] {
        var info = window.info
        info.isPerformance = performance
        let analysis = performance ? analyzePerformance!(window.merged, info) : analyze(window.merged, info)
        var findings = analysis.findings
        // Ids and cooldowns hang on these: the analyzer cannot move them.
        findings.modelID = modelID
        findings.window = info
        if performance {
            model.performanceTrend.record(window: window.index, findings: findings)
        } else {
            // Before the trend: the day's LLM spend is `llm_budget`'s trend metric.
            model.engine.chargeLLMBudget(&findings)
            model.trend.record(window: window.index, findings: findings)
        }
        let outcome = model.engine.process(findings)
        suppressedAlerts += outcome.suppressed.count
        var report = analysis.report
        // The partition windows merged, in merge order: what to re-check a model window against.
        report["sub_windows"] = .array(window.parts.map(\.jsonValue))
        var outputs: [ModelStageOutput] = [.report(report)]
        // A silenced alert is not published; it still went through the cooldown as if it had
        // been (a silence hides alerts, it does not reset the model's alerting state).
        let (published, silenced) = silences.partition(outcome.alerts)
        silencedAlerts += silenced.count
        for var alert in published {
            alert.trend = (performance ? model.performanceTrend : model.trend).trend(for: alert.type)
            alert.runbookURL = runbooks[alert.type]
            outputs.append(.alert(alert))
        }
        if let trigger = outcome.trigger { outputs.append(.trigger(trigger)) }
        outputs.append(.state(Self.state(of: model, modelID: modelID)))
        return outputs
    }
}

/// One output of the model stage for a closed model window, in publish order: the model report,
/// the alerts (one per type at most), at most one retrain trigger, then the state record. The
/// runtime maps them to topics (`model-window-reports`, `model-alerts`, `model-retrain`,
/// `driftwatch-state`), all keyed by model id.
public enum ModelStageOutput: Sendable, Equatable {
    case report(JSONObject)
    case alert(Alert)
    case trigger(RetrainTrigger)
    /// Publish only after the window's other outputs are acknowledged, so a state never
    /// claims windows whose results could be lost.
    case state(ModelState)

    /// The Kafka message value.
    public var jsonBytes: [UInt8] {
        switch self {
        case .report(let report): report.encodedBytes()
        case .alert(let alert): alert.jsonBytes
        case .trigger(let trigger): trigger.jsonBytes
        case .state(let state): state.jsonBytes
        }
    }
}
