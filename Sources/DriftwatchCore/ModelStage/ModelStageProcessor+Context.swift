extension ModelStageProcessor where S == WindowSummary {
    /// The model stage of a pipeline: merged summaries analysed against each model's reference
    /// with the model's stage settings (models without configuration: system statistics only).
    public init(context: PipelineContext) {
        let models = context.models
        let defaults = context.defaultSettings
        self.init(config: context.config, partitionCount: context.partitionCount, runbooks: context.config.runbooks) { merged, window in
            let setup = models[merged.modelID]
            return MergedAnalysis.analyze(
                merged, reference: setup?.reference, summaryReference: setup?.summaryReference,
                settings: setup?.settings ?? defaults, window: window, required: setup?.required ?? [])
        } analyzePerformance: { merged, window in
            let setup = models[merged.modelID]
            return MergedAnalysis.analyzePerformance(
                merged, reference: setup?.reference, settings: setup?.settings ?? defaults, window: window)
        }
    }
}

extension WindowSummary: MergeableSummary {}
