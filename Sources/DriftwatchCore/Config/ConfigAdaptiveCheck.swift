extension DriftwatchConfig {
    /// Checks the features of `modelID` configured with `thresholds: adaptive` against the
    /// reference's `adaptive` block (SPEC section 6): the block must exist (format 2), its chunks
    /// must be `window.size` rows, there must be at least 2 of them, and the feature must have
    /// the statistic of its method (numeric features; psi, wasserstein or js). Each failure is one
    /// sentence naming the file, line, key, feature and reference, and how to fix it.
    public func checkAdaptiveThresholds(ofModel modelID: String, profile: ReferenceProfile) throws(ConfigError) {
        guard let model = models[modelID] else { return }
        for name in model.features.keys.sorted() {
            guard let feature = model.features[name], feature.thresholdMode == .adaptive else { continue }
            let path = "models.\(modelID).features.\(name).thresholds"
            func fail(_ why: String) -> ConfigError {
                ConfigError(file: sourcePath, line: feature.thresholdsLine ?? model.featureLines[name], keyPath: path,
                            reason: "\(path) is adaptive, but \(why)")
            }
            let rebuild = "rebuild it with \"driftwatch reference build --window-size \(window.size)\""
            guard let adaptive = profile.adaptive else {
                throw fail("the reference \(model.reference) has no adaptive block (format version "
                           + "\(profile.formatVersion)); \(rebuild)")
            }
            guard adaptive.chunkSize == window.size else {
                throw fail("the reference \(model.reference) was chunked in \(adaptive.chunkSize) rows and window.size is "
                           + "\(window.size); \(rebuild)")
            }
            guard adaptive.chunks >= 2 else {
                throw fail("the reference \(model.reference) has \(adaptive.chunks) chunk(s) of window.size \(window.size) rows "
                           + "and adaptive thresholds need at least 2 (a spread); use more reference rows or a smaller window.size")
            }
            if profile.features[name]?.type == .categorical {
                throw fail("\(name) is categorical and adaptive thresholds are computed for numeric features only")
            }
            guard adaptive.features[name]?[feature.method.rawValue] != nil else {
                throw fail("the reference \(model.reference) has no \(feature.method.rawValue) statistics for \(name) "
                           + "(fewer than 2 chunks with values); \(rebuild)")
            }
        }
    }
}
