import Testing
@testable import DriftwatchCore

/// SPEC section 8: a configuration that disagrees with its reference stops start-up with one
/// sentence naming the file, the key and the feature.
@Suite struct ConfigAgainstReferenceProfileTests {
    static let yaml = """
    models:
      fraud-detector:
        reference: references/fraud.json
        features:
          amount: {type: numeric, required: true}
          incme: {required: true}
    """

    func config(_ yaml: String = Self.yaml) throws -> DriftwatchConfig {
        try DriftwatchConfig.load(yaml: yaml, path: "pipelines/p.yaml", fileExists: { _ in true })
    }

    func profile(model: String = "fraud-detector", amount: ColumnType = .numeric) -> ReferenceProfile {
        let numeric = ColumnProfile(type: .numeric, count: 2, missing: 0, values: [1, 2])
        let categorical = ColumnProfile(type: .categorical, count: 2, missing: 0, categories: ["a": 2])
        return ReferenceProfile(modelID: model, source: nil, sampling: .init(),
                                features: ["amount": amount == .numeric ? numeric : categorical, "income": numeric])
    }

    func failure(_ config: DriftwatchConfig, _ profile: ReferenceProfile) -> ConfigError? {
        do {
            try config.checkReference(ofModel: "fraud-detector", profile: profile)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTypoedFeatureIsRefusedWithTheReferenceFeatures() throws {
        let error = try #require(failure(try config(), profile()))
        #expect(error.description == """
            pipelines/p.yaml line 6: unknown feature "incme" in models.fraud-detector.features: the reference \
            pipelines/references/fraud.json has amount, income
            """)
        #expect(error.keyPath == "models.fraud-detector.features.incme")
    }

    @Test func aTypeThatDiffersFromTheReferenceIsRefused() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "incme", with: "income")
        let error = try #require(failure(try config(yaml), profile(amount: .categorical)))
        #expect(error.description == """
            pipelines/p.yaml line 5: models.fraud-detector.features.amount.type is numeric but the reference \
            pipelines/references/fraud.json has amount as categorical
            """)
    }

    @Test func anotherModelsReferenceIsRefused() throws {
        let error = try #require(failure(try config(), profile(model: "churn")))
        #expect(error.line == 3)
        #expect(error.keyPath == "models.fraud-detector.reference")
        #expect(error.description.contains("pipelines/references/fraud.json, a reference built for model \"churn\", not \"fraud-detector\""))
    }

    @Test func aMatchingReferencePasses() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "incme", with: "income")
        #expect(failure(try config(yaml), profile()) == nil)
    }
}
