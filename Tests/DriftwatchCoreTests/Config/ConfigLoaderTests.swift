import Testing
@testable import DriftwatchCore

private func load(
    _ yaml: String,
    path: String = "pipelines/test.yaml",
    environment: [String: String] = [:],
    existing: Set<String> = ["pipelines/references/m.json"]
) throws(ConfigError) -> DriftwatchConfig {
    try DriftwatchConfig.load(yaml: yaml, path: path, environment: environment,
                              fileExists: { existing.contains($0) })
}

private func failure(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
    do {
        _ = try load(yaml, environment: environment)
        return nil
    } catch {
        return error
    }
}

private let minimal = """
models:
  m:
    reference: references/m.json
"""

@Suite struct ConfigLoaderTests {
    @Test func minimalConfigGetsSpecDefaults() throws {
        let config = try load(minimal)
        #expect(config.models["m"]?.reference == "pipelines/references/m.json")
        #expect(config.window.size == 10_000)
        #expect(config.window.minEvents == 1_000)
        #expect(config.window.maxAgeSeconds == nil)
        #expect(config.topics.alerts == "model-alerts")
        #expect(config.topics.retrain == "model-retrain")
        #expect(config.topics.reports == "model-window-reports")
        #expect(config.topics.deadLetter == "driftwatch-dead-letter")
        #expect(config.topics.labels == nil)
        #expect(config.alerts.cooldownSeconds == 3_600)
        #expect(config.alerts.driftShare == 0.3)
        #expect(config.alerts.latencyP99Ms == .init(warning: 500, critical: 2_000))
        #expect(config.retrain.cooldownSeconds == 21_600)
        #expect(config.labels.maxPending == 100_000)
        #expect(config.http.port == 9464)
    }

    @Test func fullSectionsParse() throws {
        let config = try load("""
        kafka:
          brokers: 127.0.0.1:1,127.0.0.1:2
          group_id: g
          properties: {fetch.wait.max.ms: 10, enable.idempotence: true, client.id: dw}
        topics: {predictions: p, labels: l, reports: null}
        window: {size: 500, max_age: 5m, min_events: 100}
        models:
          m:
            reference: /abs/m.json
            prediction_type: regression
            features:
              amount: {type: numeric, method: ks, warning: 0.01, critical: 0.0001, required: true}
            ignore: [id, text]
        alerts:
          cooldown: 30m
          drift_share: 0.5
          error_rate: {critical: 0.2}
        retrain: {cooldown: 1d, immediate_drop: 0.1, rollback_drop: 0.3, dag_id: retrain}
        labels: {max_pending: 10, ttl: 90}
        llm_pricing:
          gpt: {input_per_million: 1.5, output_per_million: 6}
        http: {port: 0}
        """, existing: ["/abs/m.json"])
        #expect(config.kafka.brokers == "127.0.0.1:1,127.0.0.1:2")
        #expect(config.kafka.properties == ["fetch.wait.max.ms": "10", "enable.idempotence": "true", "client.id": "dw"])
        #expect(config.topics.labels == "l")
        #expect(config.topics.reports == nil)
        #expect(config.window.maxAgeSeconds == 300)
        #expect(config.window.size == 500)
        let model = try #require(config.models["m"])
        #expect(model.reference == "/abs/m.json")
        #expect(model.predictionType == .regression)
        #expect(model.ignore == ["id", "text"])
        let amount = try #require(model.features["amount"])
        #expect(amount.method == .ks && amount.required && amount.type == .numeric)
        #expect(amount.thresholds.warning == 0.01 && amount.thresholds.critical == 0.0001)
        #expect(config.alerts.cooldownSeconds == 1_800)
        #expect(config.alerts.errorRate == .init(warning: 0.01, critical: 0.2))
        #expect(config.retrain.cooldownSeconds == 86_400)
        #expect(config.retrain.dagID == "retrain")
        #expect(config.labels.ttlSeconds == 90)
        #expect(config.llmPricing["gpt"]?.cost(promptTokens: 1_000, completionTokens: 500) == 0.0045)
        #expect(config.http.port == 0)
    }

    @Test func emptySectionsTakeDefaults() throws {
        let config = try load(minimal + "\nlabels:\nhttp:\n")
        #expect(config.labels == DriftwatchConfig.Labels())
        #expect(failure("models:\n")?.keyPath == "models")
        #expect(failure("models:\n  m:\n")?.keyPath == "models.m")
    }

    @Test func unknownRootKeyNamesLineAndValidKeys() {
        let error = failure("""
        # comment
        models:
          m:
            reference: references/m.json
        windw:
          size: 10
        """)
        #expect(error?.line == 5)
        #expect(error?.keyPath == "windw")
        #expect(error?.description == """
        pipelines/test.yaml line 5: unknown key "windw" in section root; valid keys are kafka, topics, \
        window, models, alerts, retrain, labels, llm_pricing, http, runbooks, silences
        """)
    }

    @Test func unknownNestedKeyNamesSection() {
        let error = failure(minimal + "\n    features:\n      amount: {methd: psi}\n")
        #expect(error?.line == 5)
        #expect(error?.description.contains(
            "unknown key \"methd\" in section models.m.features.amount; valid keys are type, method, warning, critical, required") == true)
    }

    @Test func wrongTypesAreNamed() {
        let size = failure(minimal + "\nwindow:\n  size: ten\n")
        #expect(size?.description == "pipelines/test.yaml line 5: window.size must be an integer, not \"ten\"")
        let section = failure(minimal + "\nalerts: [1, 2]\n")
        #expect(section?.description == "pipelines/test.yaml line 4: section alerts must be a mapping of keys, not a list")
        let flag = failure(minimal + "\nhttp: {enabled: yes please}\n")
        #expect(flag?.keyPath == "http.enabled")
        let quoted = failure(minimal + "\nwindow: {size: \"10\"}\n")
        #expect(quoted?.keyPath == "window.size")
    }

    @Test func badValuesAreNamed() {
        let zero = failure(minimal + "\nwindow: {size: 0}\n")
        #expect(zero?.description == "pipelines/test.yaml line 4: window.size must be at least 1, not \"0\"")
        let method = failure(minimal + "\n    features: {a: {method: kl}}\n")
        #expect(method?.description == """
        pipelines/test.yaml line 4: models.m.features.a.method must be one of psi, ks, wasserstein, js, chi2, not "kl"
        """)
        #expect(failure(minimal + "\nalerts: {drift_share: 1.5}\n")?.keyPath == "alerts.drift_share")
        #expect(failure(minimal + "\nwindow: {size: 100, min_events: 200}\n")?.keyPath == "window.min_events")
        #expect(failure(minimal + "\nhttp: {port: 70000}\n")?.keyPath == "http.port")
        #expect(failure(minimal + "\nretrain: {immediate_drop: 0.2, rollback_drop: 0.1}\n")?.keyPath == "retrain.rollback_drop")
        #expect(failure(minimal + "\nalerts: {latency_p99_ms: {warning: 900, critical: 800}}\n")?.line == 4)
        #expect(failure(minimal + "\n    features: {a: {method: ks, warning: 0.001, critical: 0.05}}\n")?.keyPath
            == "models.m.features.a.critical")
    }

    @Test func topicNamesAreChecked() {
        #expect(failure(minimal + "\ntopics: {alerts: \"model alerts\"}\n")?.description == """
        pipelines/test.yaml line 4: topics.alerts must be a Kafka topic name (letters, digits, ".", "_", "-"; \
        at most 249), not "model alerts"
        """)
        #expect(failure(minimal + "\ntopics:\n  predictions: p\n  alerts: p\n")?.description == """
        pipelines/test.yaml line 6: topics.alerts and topics.predictions are both "p"; an output topic must not be an input topic
        """)
        #expect(failure(minimal + "\ntopics: {labels: model-alerts}\n")?.keyPath == "topics.alerts")
    }

    @Test func badDurationIsNamed() {
        let error = failure(minimal + "\nalerts:\n  cooldown: soon\n")
        #expect(error?.description == """
        pipelines/test.yaml line 5: alerts.cooldown must be a duration like "30s", "5m", "1h", "1d" or a number of seconds, not "soon"
        """)
        #expect(failure(minimal + "\nlabels: {ttl: -5m}\n")?.keyPath == "labels.ttl")
    }

    @Test func durationsParse() {
        #expect(ConfigDuration.seconds(parsing: "30s") == 30)
        #expect(ConfigDuration.seconds(parsing: "5m") == 300)
        #expect(ConfigDuration.seconds(parsing: "1h") == 3_600)
        #expect(ConfigDuration.seconds(parsing: "6h") == 21_600)
        #expect(ConfigDuration.seconds(parsing: "1d") == 86_400)
        #expect(ConfigDuration.seconds(parsing: "250ms") == 0.25)
        #expect(ConfigDuration.seconds(parsing: "90") == 90)
        #expect(ConfigDuration.seconds(parsing: "1.5h") == 5_400)
        for bad in ["", "h", "5x", "-1s", "1e3s", "inf", "5 m"] {
            #expect(ConfigDuration.seconds(parsing: bad) == nil, "\(bad)")
        }
        #expect(ConfigDuration.text(seconds: 3_600) == "1h")
        #expect(ConfigDuration.text(seconds: 90) == "90s")
    }

    @Test func missingReferenceFileIsNamed() {
        let error = failure("""
        models:
          m:
            reference: references/other.json
        """)
        #expect(error?.line == 3)
        #expect(error?.keyPath == "models.m.reference")
        #expect(error?.description == """
        pipelines/test.yaml line 3: models.m.reference names "references/other.json" \
        (pipelines/references/other.json), which does not exist; build it with "driftwatch reference build"
        """)
        #expect(failure("models:\n  m: {prediction_type: regression}\n")?.keyPath == "models.m")
        #expect(failure("window: {size: 5}\n")?.keyPath == "models")
        #expect(failure("")?.description == "pipelines/test.yaml: the configuration is empty; it needs at least a models section")
    }

    @Test func duplicateKeyAndSyntaxErrorsHaveLines() {
        let duplicate = failure(minimal + "\nwindow: {size: 5}\nwindow: {size: 6}\n")
        #expect(duplicate?.description == "pipelines/test.yaml line 4: key \"window\" appears twice in the same section (here and again later)")
        #expect(duplicate?.description.contains("appears twice") == true)
        let syntax = failure("models:\n  m: [unclosed\n")
        #expect(syntax?.line != nil)
        #expect(syntax?.description.hasPrefix("pipelines/test.yaml line") == true)
    }

    @Test func environmentOverridesBrokersAndGroup() throws {
        let config = try load(minimal + "\nkafka: {brokers: a:1, group_id: g}\n",
                              environment: ["DRIFTWATCH_BROKERS": "127.0.0.1:5555", "DRIFTWATCH_GROUP_ID": "g2", "OTHER": "x"])
        #expect(config.kafka.brokers == "127.0.0.1:5555")
        #expect(config.kafka.groupID == "g2")
        let untouched = try load(minimal + "\nkafka: {brokers: a:1}\n")
        #expect(untouched.kafka.brokers == "a:1")
        let empty = failure(minimal, environment: ["DRIFTWATCH_BROKERS": ""])
        #expect(empty?.keyPath == "kafka.brokers")
        #expect(empty?.line == nil)
    }

    @Test func environmentOverridesTheHTTPPort() throws {
        let config = try load(minimal + "\nhttp: {port: 9000}\n", environment: ["DRIFTWATCH_HTTP_PORT": "9464"])
        #expect(config.http.port == 9464)
        #expect(try load(minimal + "\nhttp: {port: 9000}\n").http.port == 9000)
        let bad = failure(minimal, environment: ["DRIFTWATCH_HTTP_PORT": "http"])
        #expect(bad?.keyPath == "http.port")
        #expect(bad?.description.contains("DRIFTWATCH_HTTP_PORT is \"http\"") == true)
        #expect(failure(minimal, environment: ["DRIFTWATCH_HTTP_PORT": "70000"])?.keyPath == "http.port")
    }
}

@Suite struct ConfigReferenceCheckTests {
    let yaml = """
    models:
      m:
        reference: references/m.json
        features:
          amount: {type: numeric}
          amout: {method: ks}
        ignore: [id]
    llm_pricing:
      gpt: {input_per_million: 2, output_per_million: 8}
    """

    @Test func unknownFeatureListsTheReferenceFeatures() throws {
        let config = try load(yaml)
        do {
            try config.checkFeatures(ofModel: "m", against: ["amount": .numeric, "country": .categorical])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
            pipelines/test.yaml line 6: unknown feature "amout" in models.m.features: the reference \
            pipelines/references/m.json has amount, country
            """)
        }
    }

    @Test func typeMismatchIsNamed() throws {
        let config = try load(yaml)
        do {
            try config.checkFeatures(ofModel: "m", against: ["amount": .categorical, "amout": .numeric])
            Issue.record("expected an error")
        } catch {
            #expect(error.keyPath == "models.m.features.amount.type")
            #expect(error.line == 5)
        }
        try config.checkFeatures(ofModel: "m", against: ["amount": .numeric, "amout": .numeric])
    }

    @Test func featureSettingsAndPricing() throws {
        let config = try load(yaml)
        let model = try #require(config.models["m"])
        #expect(model.settings(for: "id") == nil)
        #expect(model.settings(for: "amout")?.method == .ks)
        #expect(model.settings(for: "other") == DriftwatchConfig.Feature())
        #expect(config.llmCost(model: "gpt", promptTokens: 1_000, completionTokens: 1_000) == 0.01)
        #expect(config.llmCost(model: "other", promptTokens: 1, completionTokens: 1) == nil)
    }
}
