import Testing
@testable import DriftwatchCore

/// `alerts.llm_daily_budget`, `runbooks` and `silences` (SPEC section 8, issue 12).
@Suite struct ConfigOperationsTests {
    static let minimal = """
    models:
      m:
        reference: references/m.json
    """

    func load(_ yaml: String) throws(ConfigError) -> DriftwatchConfig {
        try DriftwatchConfig.load(yaml: yaml, path: "pipelines/test.yaml",
                                  fileExists: { $0 == "pipelines/references/m.json" })
    }

    func failure(_ yaml: String) -> ConfigError? {
        do { _ = try load(yaml); return nil } catch { return error }
    }

    @Test func defaultsAreEmpty() throws {
        let config = try load(Self.minimal)
        #expect(config.alerts.llmDailyBudgetUSD == nil)
        #expect(config.runbooks.isEmpty && config.silences.isEmpty)
    }

    @Test func parsesBudgetRunbooksAndSilences() throws {
        let config = try load(Self.minimal + """

        alerts:
          llm_daily_budget: 250
        runbooks:
          feature_drift: https://runbooks.example.com/driftwatch/feature-drift
          llm_budget: http://wiki.internal/llm-budget
        silences:
          - {model: m, type: feature_drift, from: 2026-12-03T00:00:00Z, to: "2026-12-04T00:00:00Z", comment: migration}
          - type: latency
            from: 2026-12-03T08:00:00+01:00
            to: 2026-12-03T09:00:00+01:00
        """)
        #expect(config.alerts.llmDailyBudgetUSD == 250)
        #expect(config.runbooks == [.featureDrift: "https://runbooks.example.com/driftwatch/feature-drift",
                                    .llmBudget: "http://wiki.internal/llm-budget"])
        #expect(config.silences.count == 2)
        #expect(config.silences[0] == .init(modelID: "m", type: .featureDrift, fromMs: 1_796_256_000_000,
                                            toMs: 1_796_342_400_000, comment: "migration", line: 10))
        #expect(config.silences[1].modelID == nil && config.silences[1].type == .latency)
        #expect(config.silences[1].fromMs == 1_796_256_000_000 + 7 * 3_600_000)
        #expect(config.silences[1].line == 11)
    }

    @Test func unknownKeysAreStillRefusedInOneSentence() {
        let root = failure(Self.minimal + "\nsilence: []\n")
        #expect(root?.description == """
        pipelines/test.yaml line 4: unknown key "silence" in section root; valid keys are kafka, topics, \
        window, models, alerts, retrain, labels, llm_pricing, http, runbooks, silences
        """)
        let matcher = failure(Self.minimal + "\nsilences:\n  - {model: m, typ: latency, from: 2026-12-03T00:00:00Z, to: 2026-12-04T00:00:00Z}\n")
        #expect(matcher?.description == """
        pipelines/test.yaml line 5: unknown key "typ" in section silences[0]; valid keys are model, type, from, to, comment
        """)
        let runbook = failure(Self.minimal + "\nrunbooks:\n  feature_drfit: https://x.example\n")
        #expect(runbook?.line == 5)
        #expect(runbook?.description.contains("unknown key \"feature_drfit\" in section runbooks; valid keys are feature_drift,") == true)
        #expect(runbook?.description.hasSuffix("llm_budget, llm_quality, version_regression") == true)
    }

    @Test(arguments: [
        ("alerts:\n  llm_daily_budget: 0\n", "alerts.llm_daily_budget must be a positive amount of USD (or null for no budget), not \"0\""),
        ("alerts:\n  llm_daily_budget: lots\n", "alerts.llm_daily_budget must be a number, not \"lots\""),
        ("runbooks:\n  latency: ftp://x\n", "runbooks.latency must be an http:// or https:// URL, not \"ftp://x\""),
        ("silences: {model: m}\n", "silences must be a list of matchers like {model: m, type: feature_drift, from: 2026-12-03T00:00:00Z, to: 2026-12-04T00:00:00Z}, not a mapping"),
        ("silences:\n  - {type: latncy, from: 2026-12-03T00:00:00Z, to: 2026-12-04T00:00:00Z}\n", "silences[0].type must be one of"),
        ("silences:\n  - {from: yesterday, to: 2026-12-04T00:00:00Z}\n", "silences[0].from must be an RFC 3339 date-time like 2026-12-03T00:00:00Z, not \"yesterday\""),
        ("silences:\n  - {from: 2026-12-03T00:00:00Z}\n", "silences[0] has no to; give an RFC 3339 date-time of event time"),
        ("silences:\n  - {from: 2026-12-04T00:00:00Z, to: 2026-12-03T00:00:00Z}\n", "silences[0].to must be later than silences[0].from, not \"2026-12-03T00:00:00Z\""),
        ("silences:\n  - {model: nope, from: 2026-12-03T00:00:00Z, to: 2026-12-04T00:00:00Z}\n", "silences[0].model is \"nope\", which is not in models (m); a silence for it would silence nothing"),
    ])
    func badValuesAreNamedWithFileAndLine(_ tail: String, _ expected: String) throws {
        let error = try #require(failure(Self.minimal + "\n" + tail))
        #expect(error.line != nil, "\(error)")
        #expect(error.description.hasPrefix("pipelines/test.yaml line "), "\(error)")
        #expect(error.reason.hasPrefix(expected), "\(error.reason)")
    }
}
