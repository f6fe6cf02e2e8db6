/// Builds the pipeline's shared context from a configuration and the models' references.
extension PipelineContext {
    /// Stage settings of one configured model (SPEC section 8, `models.<id>`).
    public static func stageSettings(config: DriftwatchConfig, model: DriftwatchConfig.Model?) -> StageSettings {
        var settings = StageSettings()
        settings.minEvents = config.window.minEvents
        settings.driftShare = config.alerts.driftShare
        settings.llmPricing = config.llmPricing.mapValues { ($0.inputPerMillion, $0.outputPerMillion) }
        guard let model else { return settings }
        settings.regression = model.predictionType == .regression
        settings.ignored = Set(model.ignore)
        for (name, feature) in model.features {
            settings.features[name] = StageSettings.FeatureRule(method: feature.method, thresholds: feature.thresholds)
        }
        return settings
    }

    /// A context for `config` whose models use `references` (by model id).
    public convenience init(
        config: DriftwatchConfig, references: [String: ModelReference], partitionCount: Int = 1,
        stageTimer: (any StageTimer)? = nil
    ) {
        var models: [String: Model] = [:]
        for (id, model) in config.models {
            let required = Set(model.features.filter { $0.value.required }.map(\.key))
            var settings = Self.stageSettings(config: config, model: model)
            if let reference = references[id] { settings.applyAdaptiveThresholds(model: model, reference: reference) }
            models[id] = Model(reference: references[id], settings: settings, required: required)
        }
        self.init(config: config, models: models, partitionCount: partitionCount, stageTimer: stageTimer)
    }
}

extension StageSettings {
    /// Replaces the thresholds of every `thresholds: adaptive` feature by the reference's
    /// mean + 3σ / + 5σ for its method. The configuration check (`checkAdaptiveThresholds`) has
    /// made sure they exist; a feature without them keeps the method's defaults.
    public mutating func applyAdaptiveThresholds(model: DriftwatchConfig.Model, reference: ModelReference) {
        for (name, feature) in model.features where feature.thresholdMode == .adaptive {
            guard let t = reference.adaptiveThresholds[name]?[feature.method] else { continue }
            features[name] = FeatureRule(method: feature.method, thresholds: t)
        }
    }
}
