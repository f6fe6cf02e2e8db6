/// Everything the partition processors share, immutable after start-up: topics, window and
/// label settings, and per model its prepared reference and stage settings.
public final class PipelineContext: Sendable {
    public struct Model: Sendable {
        public var reference: ModelReference?
        /// The reference's fine bins for window summaries (prepared once, shared by the
        /// partition stage that fills them and the model stage that merges them).
        public var summaryReference: SummaryReference?
        public var settings: StageSettings
        /// Features whose absence or wrong type is a critical data-quality finding.
        public var required: Set<String>
        public init(reference: ModelReference?, settings: StageSettings, required: Set<String> = []) {
            self.reference = reference
            self.summaryReference = reference.map { SummaryReference(reference: $0) }
            self.settings = settings
            self.required = required
        }
    }

    public let config: DriftwatchConfig
    /// Settings of the model windows (`window` in the configuration).
    public let window: WindowSettings
    /// Partitions of the predictions topic: each carries sub-windows of ceil(size / N) events,
    /// so N partitions together give model windows of about `window.size` events.
    public let partitionCount: Int
    /// Settings of one partition's windows (the sub-windows the model stage merges).
    public let partitionWindow: WindowSettings
    public let models: [String: Model]
    /// Stage settings for models the configuration does not name (system logger only).
    public let defaultSettings: StageSettings
    /// Times each stage's window analysis (`run` sets it for /metrics; nil: not measured).
    public let stageTimer: (any StageTimer)?
    /// Model ids with events but no configuration (counted and reported once; see the type).
    public let unconfiguredModels: UnconfiguredModels

    public init(
        config: DriftwatchConfig, models: [String: Model], partitionCount: Int = 1, stageTimer: (any StageTimer)? = nil,
        unconfiguredModels: UnconfiguredModels = UnconfiguredModels()
    ) {
        self.config = config
        self.unconfiguredModels = unconfiguredModels
        self.stageTimer = stageTimer
        self.window = config.window.settings
        self.partitionCount = max(1, partitionCount)
        var partitionWindow = config.window.settings
        // ceil(size / N): a model window is then about one sub-window of every partition, all
        // covering the same stretch of event time. (A floor at min_events was tried: it mixed
        // sub-windows of different times into one model window and split one drift into
        // escalating alerts.)
        partitionWindow.size = (window.size + self.partitionCount - 1) / self.partitionCount
        self.partitionWindow = partitionWindow
        self.models = models
        var settings = StageSettings()
        settings.minEvents = config.window.minEvents
        settings.driftShare = config.alerts.driftShare
        settings.llmPricing = config.llmPricing.mapValues { ($0.inputPerMillion, $0.outputPerMillion) }
        self.defaultSettings = settings
    }

    public var topics: DriftwatchConfig.Topics { config.topics }

    /// The same pipeline over a topic of `partitionCount` partitions (sub-window size follows).
    public func partitioned(_ partitionCount: Int) -> PipelineContext {
        PipelineContext(config: config, models: models, partitionCount: partitionCount, stageTimer: stageTimer,
                        unconfiguredModels: unconfiguredModels)
    }
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
    /// Window summaries handed to the model stage.
    public var summaries = 0
    /// Events of windows a previous owner already published (skipped after a restore).
    public var skipped = 0
    /// Alerts the cooldown held back (counted, never published).
    public var alertsSuppressed = 0
    /// Events of model ids the configuration does not name (`UnconfiguredModels`).
    public var unconfiguredModelEvents = 0
    /// Labelled pairs of performance windows a previous owner already published (skipped after a restore).
    public var skippedPairs = 0
    /// Predictions that left the label join without a label (`labels.max_pending` or `labels.ttl`).
    public var predictionsUnlabelled = 0
    /// Labels that came before their prediction and were joined when it arrived.
    public var earlyLabelsJoined = 0
    /// Labels that came before their prediction and left the buffer because it was full (`labels.max_early`).
    public var earlyLabelsOverflowed = 0
    /// Labels that came before their prediction and left after `labels.ttl` of event time without it.
    public var earlyLabelsExpired = 0
    /// Early labels replaced by a later label with the same event id.
    public var earlyLabelsReplaced = 0
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
        r.summaries += b.summaries
        r.skipped += b.skipped
        r.skippedPairs += b.skippedPairs
        r.predictionsUnlabelled += b.predictionsUnlabelled
        r.earlyLabelsJoined += b.earlyLabelsJoined
        r.earlyLabelsOverflowed += b.earlyLabelsOverflowed
        r.earlyLabelsExpired += b.earlyLabelsExpired
        r.earlyLabelsReplaced += b.earlyLabelsReplaced
        r.alertsSuppressed += b.alertsSuppressed
        r.unconfiguredModelEvents += b.unconfiguredModelEvents
        return r
    }
}
