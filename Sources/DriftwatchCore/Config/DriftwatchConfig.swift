/// The worker's configuration (SPEC section 8), parsed from `pipelines/*.yaml` by
/// `DriftwatchConfig.load(yaml:path:environment:fileExists:)`. Every field has the SPEC default,
/// so `DriftwatchConfig()` plus one model is a valid configuration for tests and the demo.
public struct DriftwatchConfig: Sendable, Equatable {
    public var kafka = Kafka()
    public var topics = Topics()
    public var window = Window()
    /// Monitored models by model id.
    public var models: [String: Model] = [:]
    public var alerts = Alerts()
    public var retrain = Retrain()
    public var labels = Labels()
    /// USD per million tokens by LLM model name (SPEC section 3 `llm.model`).
    public var llmPricing: [String: LLMPrice] = [:]
    public var http = HTTP()
    /// Runbook URL per alert type (`runbooks`), copied into alerts as `runbook_url`.
    public var runbooks: [AlertType: String] = [:]
    /// Alert silences (`silences`), in file order; see `SilenceMatcher`.
    public var silences: [Silence] = []
    /// The file this configuration came from ("" when built in code); named in errors.
    public var sourcePath = ""

    public init() {}

    /// Model ids in a stable order (sorted), for deterministic iteration.
    public var modelIDs: [String] { models.keys.sorted() }

    public struct Kafka: Sendable, Equatable {
        /// Bootstrap list "host:port,host:port"; DRIFTWATCH_BROKERS overrides it.
        public var brokers = "127.0.0.1:9092"
        /// Consumer group; DRIFTWATCH_GROUP_ID overrides it.
        public var groupID = "driftwatch"
        /// Extra librdkafka properties, applied to consumer and producer (values as text).
        public var properties: [String: String] = [:]
        public init() {}
    }

    public struct Topics: Sendable, Equatable {
        public var predictions = "predictions"
        /// Delayed ground truth; nil when labels arrive only inside prediction events.
        public var labels: String? = nil
        public var alerts = "model-alerts"
        public var retrain = "model-retrain"
        /// Window reports; nil disables them (YAML `reports: null`).
        public var reports: String? = "model-window-reports"
        public var deadLetter = "driftwatch-dead-letter"
        /// Internal: the partition stage's window summaries, keyed by model id; consumed by the
        /// same group, so whoever owns a model's summaries partition owns its decisions.
        public var summaries = "driftwatch-window-summaries"
        /// Internal, compacted: the model stage's state (cooldowns, episodes, window positions)
        /// keyed by model id, partitioned like `summaries`.
        public var state = "driftwatch-state"
        public init() {}
    }

    public struct Window: Sendable, Equatable {
        /// Events per tumbling window (and labelled pairs per performance window).
        public var size = 10_000
        /// Idle windows close early after this many seconds of event time (marked partial).
        public var maxAgeSeconds: Double? = nil
        /// Fewest events for drift tests on a window.
        public var minEvents = 1_000
        public init() {}

        /// The windowing layer's settings (milliseconds of event time).
        public var settings: WindowSettings {
            WindowSettings(size: size, maxAgeMs: maxAgeSeconds.map { $0 * 1_000 }, minEvents: minEvents)
        }
    }

    public struct Model: Sendable, Equatable {
        /// Reference profile path, resolved against the configuration file's directory.
        public var reference: String
        /// Per-feature overrides; features of the reference not named here use the defaults.
        public var features: [String: Feature] = [:]
        /// Features never monitored (ids, free text).
        public var ignore: [String] = []
        public var predictionType: PredictionType = .classification
        /// Line of each `features` entry in the file, for errors found once the reference is read.
        public var featureLines: [String: Int] = [:]
        /// Line of the `reference` key, for a reference that turns out to be another model's.
        public var referenceLine: Int?
        public init(reference: String) { self.reference = reference }

        /// Settings for a feature: its override, the defaults (PSI 0.1/0.2), or nil when ignored.
        public func settings(for feature: String) -> Feature? {
            if ignore.contains(feature) { return nil }
            return features[feature] ?? Feature()
        }
    }

    public enum PredictionType: String, Sendable, Equatable, CaseIterable {
        case classification, regression
    }

    public struct Feature: Sendable, Equatable {
        /// nil: taken from the reference profile.
        public var type: FeatureType? = nil
        public var method: DriftMethod = .psi
        /// nil: the method's default (`method.defaultThresholds`).
        public var warning: Double? = nil
        public var critical: Double? = nil
        /// A required feature absent or mistyped in > `alerts.typeErrorRate` of events is critical.
        public var required = false
        /// `thresholds: adaptive`: warning/critical from the reference's `adaptive` block
        /// (mean + 3σ / + 5σ of the method's statistic over reference chunks of `window.size`).
        public var thresholdMode: ThresholdMode = .fixed
        /// Line of the `thresholds` key (for errors found against the reference).
        public var thresholdsLine: Int? = nil
        public init() {}

        /// Thresholds in force: explicit ones, else the method's defaults (SPEC section 5).
        public var thresholds: DriftThresholds {
            let defaults = method.defaultThresholds
            return DriftThresholds(warning: warning ?? defaults.warning, critical: critical ?? defaults.critical)
        }
    }

    /// `fixed`: `warning`/`critical` or the method's defaults; `adaptive`: learned from the reference.
    public enum ThresholdMode: String, Sendable, Equatable, CaseIterable {
        case fixed, adaptive
    }

    public enum FeatureType: String, Sendable, Equatable, CaseIterable {
        case numeric, categorical
    }

    /// A warning/critical pair where larger values are worse.
    public struct Tiers: Sendable, Equatable {
        public var warning: Double
        public var critical: Double
        public init(warning: Double, critical: Double) {
            self.warning = warning
            self.critical = critical
        }
    }

    /// Alert rules (SPEC section 6 defaults). Rates and drops are fractions (0.05 = 5%).
    public struct Alerts: Sendable, Equatable {
        /// Per (model, type) in event time; a rise in severity passes through.
        public var cooldownSeconds: Double = 3_600
        /// `dataset_drift` when drift_share >= this.
        public var driftShare = 0.3
        /// A feature missing (null or absent) in more than this share of events: data_quality warning.
        public var missingRate = 0.05
        /// A numeric feature with more than this share of its values outside the reference's
        /// [p0.1, p99.9]: data_quality warning (0.05 is 25 times the 0.2% the reference itself has).
        public var outOfRangeRate = 0.05
        /// A required feature absent or mistyped above this share of events: data_quality critical.
        public var typeErrorRate = 0.01
        public var latencyP99Ms = Tiers(warning: 500, critical: 2_000)
        public var errorRate = Tiers(warning: 0.01, critical: 0.05)
        /// Relative drop of the performance metric against the reference baseline.
        public var performanceDrop = Tiers(warning: 0.05, critical: 0.15)
        /// USD per request above this: llm_cost warning.
        public var llmCostPerRequest = 0.05
        /// Share of finish_reason "length" above this: llm_truncation warning.
        public var llmTruncation = 0.2
        /// USD per model per UTC day of event time (`llm_daily_budget`); nil: no llm_budget alerts.
        public var llmDailyBudgetUSD: Double? = nil
        public init() {}
    }

    public struct Retrain: Sendable, Equatable {
        public var enabled = true
        /// Per model in event time, for the same or lower urgency.
        public var cooldownSeconds: Double = 6 * 3_600
        /// Performance drop (relative) at or above which retraining is `immediate`.
        public var immediateDrop = 0.05
        /// Performance drop (relative) at or above which the trigger asks for `rollback`.
        public var rollbackDrop = 0.15
        /// Airflow DAG to trigger, copied into `dag_conf.dag_id` when set.
        public var dagID: String? = nil
        public init() {}
    }

    public struct Labels: Sendable, Equatable {
        /// Predictions waiting for a delayed label, per partition.
        public var maxPending = 100_000
        /// Event-time seconds a prediction waits for its label (and a label for its prediction).
        public var ttlSeconds: Double = 3_600
        /// Labels that arrived before their prediction and wait for it, per partition.
        public var maxEarly = 100_000
        public init() {}
    }

    public struct LLMPrice: Sendable, Equatable {
        public var inputPerMillion: Double
        public var outputPerMillion: Double
        public init(inputPerMillion: Double, outputPerMillion: Double) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
        }

        /// USD for one request.
        public func cost(promptTokens: Double, completionTokens: Double) -> Double {
            (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000
        }
    }

    public struct HTTP: Sendable, Equatable {
        public var enabled = true
        /// Only loopback is valid in this environment.
        public var address = "127.0.0.1"
        /// 0 asks the system for a free port (tests).
        public var port = 9464
        public init() {}
    }
}
