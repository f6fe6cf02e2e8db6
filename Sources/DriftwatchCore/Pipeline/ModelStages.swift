/// One output of a closed window, before it becomes an `OutputMessage`.
struct StageOutput: Sendable {
    var topic: String
    var key: String
    var value: [UInt8]
    var payload: OutputPayload
}

/// A model's three stages and its alert and retrain state within one partition.
final class ModelStages {
    let modelID: String
    let context: PipelineContext
    let setup: PipelineContext.Model?
    let profiler: FeatureProfiler?
    let monitor: PredictionMonitor?
    let logger: SystemLogger
    var alerting: AlertStage
    /// Alerts the cooldown held back so far (`driftwatch_alerts_suppressed_total`).
    private(set) var suppressedAlerts = 0

    init(modelID: String, setup: PipelineContext.Model?, context: PipelineContext) {
        self.modelID = modelID
        self.context = context
        self.setup = setup
        let settings = setup?.settings ?? context.defaultSettings
        if let reference = setup?.reference {
            profiler = FeatureProfiler(reference: reference, settings: settings)
            monitor = PredictionMonitor(reference: reference, settings: settings)
        } else {
            profiler = nil
            monitor = nil
        }
        logger = SystemLogger(modelID: modelID, settings: settings)
        alerting = AlertStage(config: context.config)
    }

    private func encode(_ object: JSONObject) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.write(.object(object))
        return writer.bytes
    }

    func analyze(_ window: ClosedWindow, symbols: SymbolTable) -> [StageOutput] {
        let version = window.dominantVersion.map { symbols.string(for: $0) }
        var reports: [(WindowReport.Stage, JSONObject)] = []
        var findings = WindowFindings(modelID: modelID, modelVersion: version, window: window.info)
        if let profiler {
            let (report, f) = context.stageTimer.measure(stage: FeatureProfiler.stage) {
                profiler.analyze(window, modelVersion: version, symbols: symbols)
            }
            reports.append((.featureProfiler, report))
            if f.tested {
                findings.features = f.features.map {
                    FeatureFinding(feature: $0.name, method: $0.method, value: $0.value, severity: $0.severity)
                }
            }
            let events = window.buffer.events
            let required = setup?.required ?? []
            findings.dataQuality = DataQualityFinding(
                events: events, missingRate: f.missingRate,
                typeErrorRate: f.typeErrorRate,
                missingFeatures: f.missingFeatures, unexpectedFeatures: f.unexpectedFeatures,
                required: f.problems.filter { required.contains($0.feature) })
        }
        if let monitor {
            let (report, f) = context.stageTimer.measure(stage: PredictionMonitor.stage) {
                monitor.analyze(window, modelVersion: version, symbols: symbols)
            }
            reports.append((.predictionMonitor, report))
            if f.tested {
                var outputs = [FeatureFinding(
                    feature: "prediction", method: f.method, value: f.predictionValue, severity: f.predictionSeverity)]
                if !f.scoreValue.isNaN {
                    outputs.append(FeatureFinding(
                        feature: "score", method: f.method, value: f.scoreValue, severity: f.scoreSeverity))
                }
                findings.prediction = outputs
                if !f.labelValue.isNaN {
                    findings.label = FeatureFinding(
                        feature: "label", method: f.method, value: f.labelValue, severity: f.labelSeverity)
                }
            }
        }
        let (report, s) = context.stageTimer.measure(stage: SystemLogger.stage) {
            logger.analyze(window, modelVersion: version, symbols: symbols)
        }
        reports.append((.systemLogger, report))
        findings.system = SystemFinding(
            events: s.events, errors: s.errors, latencyP99Ms: s.latencyP99.isNaN ? nil : s.latencyP99,
            llmRequests: s.llmRequests, llmCostUSD: s.llmRequests > 0 ? s.llmCostPerRequest * Double(s.llmRequests) : nil,
            llmTruncated: Int((s.llmTruncationShare * Double(s.llmRequests)).rounded()))
        return outputs(reports: reports, findings: findings)
    }

    func analyze(_ window: ClosedPerformanceWindow, symbols: SymbolTable) -> [StageOutput] {
        guard let monitor else { return [] }
        var versions: [Symbol?: Int] = [:]
        for v in window.buffer.versions { versions[v, default: 0] += 1 }
        let dominant = versions.max { $0.value != $1.value ? $0.value < $1.value : ($0.key?.id ?? -1) > ($1.key?.id ?? -1) }?.key
        let version = dominant.flatMap { $0 }.map { symbols.string(for: $0) }
        let (report, p) = context.stageTimer.measure(stage: "performance") {
            monitor.analyze(window, modelVersion: version, symbols: symbols)
        }
        var findings = WindowFindings(modelID: modelID, modelVersion: version, window: window.info)
        if let baseline = p.baseline {
            findings.performance = PerformanceFinding(
                metric: p.metric, current: p.value, baseline: baseline,
                higherIsBetter: p.metric != "rmse", labelled: p.labelled)
        }
        return outputs(reports: [(.performance, report)], findings: findings)
    }

    private func outputs(reports: [(WindowReport.Stage, JSONObject)], findings: WindowFindings) -> [StageOutput] {
        let topics = context.topics
        var result: [StageOutput] = []
        if let reportTopic = topics.reports {
            for (stage, body) in reports {
                let report = WindowReport(
                    stage: stage, modelID: findings.modelID, modelVersion: findings.modelVersion,
                    window: findings.window, body: body)
                result.append(StageOutput(topic: reportTopic, key: modelID, value: encode(body), payload: .report(report)))
            }
        }
        let outcome = alerting.evaluate(findings)
        suppressedAlerts += outcome.suppressed.count
        for alert in outcome.alerts {
            result.append(StageOutput(topic: topics.alerts, key: modelID, value: alert.jsonBytes, payload: .alert(alert)))
        }
        if let trigger = outcome.trigger {
            result.append(StageOutput(topic: topics.retrain, key: modelID, value: trigger.jsonBytes, payload: .trigger(trigger)))
        }
        return result
    }
}
