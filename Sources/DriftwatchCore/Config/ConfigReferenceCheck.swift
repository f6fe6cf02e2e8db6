extension DriftwatchConfig {
    /// Checks a model's feature settings against its reference profile, once the caller has
    /// loaded it: every configured feature must exist in the reference (the valid names are
    /// listed) and a configured `type` must match the reference's. Ignored names may be absent.
    /// - Parameter referenceFeatures: the reference's features and their types.
    public func checkFeatures(
        ofModel modelID: String, against referenceFeatures: [String: FeatureType]
    ) throws(ConfigError) {
        guard let model = models[modelID] else { return }
        let known = referenceFeatures.keys.sorted()
        for name in model.features.keys.sorted() {
            let path = "models.\(modelID).features.\(name)"
            let line = model.featureLines[name]
            guard let type = referenceFeatures[name] else {
                throw ConfigError(file: sourcePath, line: line, keyPath: path,
                                  reason: "unknown feature \"\(name)\" in models.\(modelID).features: the reference "
                                      + "\(model.reference) has \(known.isEmpty ? "no features" : known.joined(separator: ", "))")
            }
            if let configured = model.features[name]?.type, configured != type {
                throw ConfigError(file: sourcePath, line: line, keyPath: "\(path).type",
                                  reason: "\(path).type is \(configured.rawValue) but the reference "
                                      + "\(model.reference) has \(name) as \(type.rawValue)")
            }
        }
    }

    /// USD for one LLM request priced from `llm_pricing`, or nil when the model has no price.
    public func llmCost(model: String, promptTokens: Double, completionTokens: Double) -> Double? {
        llmPricing[model]?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
    }
}
