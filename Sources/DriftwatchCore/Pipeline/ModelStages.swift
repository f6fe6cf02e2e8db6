/// One output of a closed window, before it becomes an `OutputMessage`.
struct StageOutput: Sendable {
    var topic: String
    var key: String
    var value: [UInt8]
    var payload: OutputPayload
}

/// A model's three stages within one partition (the partition stage, SPEC section 1): per closed
/// partition window the stage reports (when the reports topic is on) and the window's mergeable
/// summary for the model stage, which alone decides alerts and retrain triggers.
final class ModelStages {
    let modelID: String
    let context: PipelineContext
    let setup: PipelineContext.Model?
    let profiler: FeatureProfiler?
    let monitor: PredictionMonitor?
    let logger: SystemLogger
    let settings: StageSettings

    init(modelID: String, setup: PipelineContext.Model?, context: PipelineContext) {
        self.modelID = modelID
        self.context = context
        self.setup = setup
        let settings = setup?.settings ?? context.defaultSettings
        self.settings = settings
        if let reference = setup?.reference {
            profiler = FeatureProfiler(reference: reference, settings: settings)
            monitor = PredictionMonitor(reference: reference, settings: settings)
        } else {
            profiler = nil
            monitor = nil
        }
        logger = SystemLogger(modelID: modelID, settings: settings)
    }

    private func encode(_ object: JSONObject) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.write(.object(object))
        return writer.bytes
    }

    func analyze(_ window: ClosedWindow, symbols: SymbolTable) -> [StageOutput] {
        var result: [StageOutput] = []
        if context.topics.reports != nil {
            let version = window.dominantVersion.map { symbols.string(for: $0) }
            if let profiler {
                let (report, _) = context.stageTimer.measure(stage: FeatureProfiler.stage) {
                    profiler.analyze(window, modelVersion: version, symbols: symbols)
                }
                result.append(self.report(.featureProfiler, report, version, window.info))
            }
            if let monitor {
                let (report, _) = context.stageTimer.measure(stage: PredictionMonitor.stage) {
                    monitor.analyze(window, modelVersion: version, symbols: symbols)
                }
                result.append(self.report(.predictionMonitor, report, version, window.info))
            }
            let (report, _) = context.stageTimer.measure(stage: SystemLogger.stage) {
                logger.analyze(window, modelVersion: version, symbols: symbols)
            }
            result.append(self.report(.systemLogger, report, version, window.info))
        }
        let summary = context.stageTimer.measure(stage: "summary") {
            WindowSummary(window: window, reference: setup?.summaryReference, symbols: symbols,
                          modelID: modelID, settings: settings)
        }
        result.append(StageOutput(
            topic: context.topics.summaries, key: modelID, value: summary.jsonBytes, payload: .summary(summary)))
        return result
    }

    /// A performance window's report and, for a sub-window of labels-topic pairs, its
    /// `performance_summary`: the model stage decides delayed-label performance model-wide over
    /// merged performance sub-windows, and inline-label performance from the feature windows'
    /// summaries (inline pairs are in those, so they are not summarised twice).
    func analyze(_ window: ClosedPerformanceWindow, symbols: SymbolTable) -> [StageOutput] {
        guard let monitor else { return [] }
        var result = context.topics.reports != nil ? performanceReport(window, monitor: monitor, symbols: symbols) : []
        if window.fromLabelsTopic {
            let summary = WindowSummary(
                performance: window, symbols: symbols, modelID: modelID,
                referenceVersion: setup?.summaryReference?.version ?? "none", regression: settings.regression)
            result.append(StageOutput(
                topic: context.topics.summaries, key: modelID, value: summary.jsonBytes, payload: .summary(summary)))
        }
        return result
    }

    private func performanceReport(_ window: ClosedPerformanceWindow, monitor: PredictionMonitor, symbols: SymbolTable) -> [StageOutput] {
        var versions: [Symbol?: Int] = [:]
        for v in window.buffer.versions { versions[v, default: 0] += 1 }
        let dominant = versions.max { $0.value != $1.value ? $0.value < $1.value : ($0.key?.id ?? -1) > ($1.key?.id ?? -1) }?.key
        let version = dominant.flatMap { $0 }.map { symbols.string(for: $0) }
        let (report, _) = context.stageTimer.measure(stage: "performance") {
            monitor.analyze(window, modelVersion: version, symbols: symbols)
        }
        return [self.report(.performance, report, version, window.info)]
    }

    private func report(_ stage: WindowReport.Stage, _ body: JSONObject, _ version: String?, _ window: WindowInfo) -> StageOutput {
        let report = WindowReport(stage: stage, modelID: modelID, modelVersion: version, window: window, body: body)
        return StageOutput(topic: context.topics.reports!, key: modelID, value: encode(body), payload: .report(report))
    }
}
