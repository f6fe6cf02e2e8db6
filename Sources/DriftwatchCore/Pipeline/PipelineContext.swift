/// Everything the partition processors share, immutable after start-up: topics, window and
/// label settings, and per model its prepared reference and stage settings.
public final class PipelineContext: Sendable {
    public struct Model: Sendable {
        public var reference: ModelReference?
        public var settings: StageSettings
        /// Features whose absence or wrong type is a critical data-quality finding.
        public var required: Set<String>
        public init(reference: ModelReference?, settings: StageSettings, required: Set<String> = []) {
            self.reference = reference
            self.settings = settings
            self.required = required
        }
    }

    public let config: DriftwatchConfig
    public let window: WindowSettings
    public let models: [String: Model]
    /// Stage settings for models the configuration does not name (system logger only).
    public let defaultSettings: StageSettings
    /// Times each stage's window analysis (`run` sets it for /metrics; nil: not measured).
    public let stageTimer: (any StageTimer)?

    public init(config: DriftwatchConfig, models: [String: Model], stageTimer: (any StageTimer)? = nil) {
        self.config = config
        self.stageTimer = stageTimer
        self.window = config.window.settings
        self.models = models
        var settings = StageSettings()
        settings.minEvents = config.window.minEvents
        settings.driftShare = config.alerts.driftShare
        settings.llmPricing = config.llmPricing.mapValues { ($0.inputPerMillion, $0.outputPerMillion) }
        self.defaultSettings = settings
    }

    public var topics: DriftwatchConfig.Topics { config.topics }
}

/// Counters of one partition processor (the worker sums them for /metrics and the benchmark).
public struct ProcessorCounters: Sendable, Equatable {
    public var consumed = 0
    public var events = 0
    public var labels = 0
    public var deadLettered = 0
    public var windowsClosed = 0
    public var performanceWindowsClosed = 0
    public var alerts = 0
    public var triggers = 0
    public var reports = 0
    /// Alerts the cooldown held back (counted, never published).
    public var alertsSuppressed = 0
    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var r = a
        r.consumed += b.consumed
        r.events += b.events
        r.labels += b.labels
        r.deadLettered += b.deadLettered
        r.windowsClosed += b.windowsClosed
        r.performanceWindowsClosed += b.performanceWindowsClosed
        r.alerts += b.alerts
        r.triggers += b.triggers
        r.reports += b.reports
        r.alertsSuppressed += b.alertsSuppressed
        return r
    }
}
