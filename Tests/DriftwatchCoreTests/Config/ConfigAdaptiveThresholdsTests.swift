import Testing
@testable import DriftwatchCore

/// `thresholds: adaptive` (SPEC section 6): parsed per feature, refused with one sentence naming
/// the file, line, key and feature when the value is wrong, when it clashes with fixed thresholds
/// or a p-value method, or when the reference cannot back it.
@Suite struct ConfigAdaptiveThresholdsTests {
    func yaml(_ feature: String, window: Int = 100) -> String {
        """
        window:
          size: \(window)
        models:
          m:
            reference: ref.json
            features:
              amount: \(feature)
        """
    }

    func load(_ text: String) throws(ConfigError) -> DriftwatchConfig {
        try DriftwatchConfig.load(yaml: text, path: "p.yaml", fileExists: { _ in true })
    }

    func loadError(_ text: String) -> ConfigError? {
        do { _ = try load(text); return nil } catch { return error }
    }

    /// 250 rows of amount (every 10th missing) and a categorical city, chunked in 100 rows.
    func profile(chunkSize: Int = 100) throws -> ReferenceProfile {
        var lines = ""
        for i in 0..<250 {
            let amount = i % 10 == 0 ? "null" : "\(Double((i * 37) % 101) / 10)"
            lines += "{\"model_id\":\"m\",\"features\":{\"amount\":\(amount),\"city\":\"c\(i % 3)\"}}\n"
        }
        return try ReferenceInput.jsonLines(data: .init(lines.utf8), file: "ref.jsonl", modelID: "m",
                                            adaptiveChunkSize: chunkSize)
    }

    @Test func adaptiveIsParsedAndOtherValuesAreRefused() throws {
        let config = try load(yaml("{thresholds: adaptive}"))
        #expect(config.models["m"]?.features["amount"]?.thresholdMode == .adaptive)
        #expect(try load(yaml("{thresholds: fixed, warning: 0.2, critical: 0.3}")).models["m"]?.features["amount"]?.thresholdMode == .fixed)
        let wrong = try #require(loadError(yaml("{thresholds: adaptve}")))
        #expect(wrong.keyPath == "models.m.features.amount.thresholds")
        #expect(wrong.description == "p.yaml line 7: models.m.features.amount.thresholds must be one of fixed, adaptive, not \"adaptve\"")
        let both = try #require(loadError(yaml("{thresholds: adaptive, warning: 0.2}")))
        #expect(both.description.contains("models.m.features.amount.warning conflicts with models.m.features.amount.thresholds: adaptive"))
        let pValue = try #require(loadError(yaml("{method: ks, thresholds: adaptive}")))
        #expect(pValue.description.contains("adaptive thresholds need a score method: psi, wasserstein or js"))
    }

    @Test func theReferenceMustBackAdaptiveThresholds() throws {
        let p = try profile()
        let adaptive = try #require(p.adaptive)
        #expect(adaptive.chunkSize == 100 && adaptive.chunks == 2)
        #expect(adaptive.features["amount"]?["psi"]?.chunkValues.count == 2)
        #expect(adaptive.features["city"] == nil, "numeric features only")
        try load(yaml("{thresholds: adaptive}")).checkReference(ofModel: "m", profile: p)

        func failure(_ config: DriftwatchConfig, _ profile: ReferenceProfile) -> String? {
            do { try config.checkReference(ofModel: "m", profile: profile); return nil } catch { return error.description }
        }
        var old = p
        old.adaptive = nil
        old.formatVersion = 1
        #expect(failure(try load(yaml("{thresholds: adaptive}")), old) == """
            p.yaml line 7: models.m.features.amount.thresholds is adaptive, but the reference ref.json has no adaptive \
            block (format version 1); rebuild it with "driftwatch reference build --window-size 100"
            """)
        #expect(failure(try load(yaml("{thresholds: adaptive}", window: 50)), p)?.contains(
            "was chunked in 100 rows and window.size is 50; rebuild it with \"driftwatch reference build --window-size 50\"") == true)
        let oneChunk = try profile(chunkSize: 200)
        #expect(failure(try load(yaml("{thresholds: adaptive}", window: 200)), oneChunk) == """
            p.yaml line 7: models.m.features.amount.thresholds is adaptive, but the reference ref.json has 1 chunk(s) \
            of window.size 200 rows and adaptive thresholds need at least 2 (a spread); use more reference rows or a \
            smaller window.size
            """)
        let city = yaml("{thresholds: adaptive}").replacingOccurrences(of: "amount:", with: "city:")
        #expect(failure(try load(city), p)?.contains("city is categorical and adaptive thresholds are computed for numeric features only") == true)
    }

    @Test func adaptiveThresholdsReplaceTheDefaultsInTheStageSettings() throws {
        let p = try profile()
        let config = try load(yaml("{thresholds: adaptive}"))
        let reference = ModelReference(p.prepared())
        let context = PipelineContext(config: config, references: ["m": reference])
        let rule = try #require(context.models["m"]?.settings.rule(for: "amount"))
        let psi = try #require(p.adaptive?.features["amount"]?["psi"])
        #expect(rule.thresholds == DriftThresholds(warning: psi.mean + 3 * psi.std, critical: psi.mean + 5 * psi.std))
        // The stored statistics are the pure function's over the rows in order (missing as NaN).
        var rows: [Double] = []
        for i in 0..<250 { rows.append(i % 10 == 0 ? .nan : Double((i * 37) % 101) / 10) }
        let direct = try #require(adaptiveThresholds(reference: rows, chunkSize: 100, baseline: .restOfReference))
        #expect(psi.mean == direct.mean && psi.std == direct.standardDeviation && psi.chunkValues == direct.chunkValues)
    }
}
