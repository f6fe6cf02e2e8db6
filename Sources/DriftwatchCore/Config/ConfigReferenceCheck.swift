extension DriftwatchConfig {
    /// Checks a model's configuration against its loaded reference profile (SPEC section 8):
    /// the profile must be built for this model id, and `checkFeatures` must pass. The caller
    /// reads the file; start-up stops on the thrown sentence (file, line, key, feature).
    public func checkReference(ofModel modelID: String, profile: ReferenceProfile) throws(ConfigError) {
        guard let model = models[modelID] else { return }
        if profile.modelID != modelID {
            throw ConfigError(file: sourcePath, line: model.referenceLine, keyPath: "models.\(modelID).reference",
                              reason: "models.\(modelID).reference names \(model.reference), a reference built for "
                                  + "model \"\(profile.modelID)\", not \"\(modelID)\"; point it at \(modelID)'s reference "
                                  + "or rebuild it with \"driftwatch reference build --model \(modelID)\"")
        }
        try checkFeatures(ofModel: modelID, against: profile.features.mapValues { column in
            column.type == .numeric ? FeatureType.numeric : FeatureType.categorical
        })
        try checkAdaptiveThresholds(ofModel: modelID, profile: profile)
    }

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

    /// A sentence saying performance alerts are off for `modelID` because its reference has no
    /// baseline for the metric they compare (accuracy, or RMSE for a regression), or nil when it has.
    public func performanceNotice(ofModel modelID: String, profile: ReferenceProfile) -> String? {
        guard let model = models[modelID] else { return nil }
        let regression = model.predictionType == .regression
        let metric = regression ? profile.baseline?.rmse : profile.baseline?.accuracy
        if metric != nil { return nil }
        return "model \(modelID): the reference \(model.reference) has no \(regression ? "RMSE" : "accuracy") baseline "
            + "(it was built without labelled rows), so performance alerts are off for this model; rebuild it with "
            + "labels (\"driftwatch reference build --labels LABELS.jsonl\", or a label column in CSV) to turn them on."
    }

    /// USD for one LLM request priced from `llm_pricing`, or nil when the model has no price.
    public func llmCost(model: String, promptTokens: Double, completionTokens: Double) -> Double? {
        llmPricing[model]?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
    }
}
