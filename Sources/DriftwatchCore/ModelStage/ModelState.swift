/// What the model stage persists per model after every closed model window (compacted state
/// topic `driftwatch-state`, key = model id; MODEL-STAGE-DESIGN "Model stage outputs and state").
///
/// The open window's content is not stored: after a restart the model stage re-reads the
/// summaries topic from its committed offset (never past the first summary still held, see
/// `ModelStageProcessor.safePosition()`); summaries below `nextExpected` are dropped as already
/// merged, the rest rebuild the open window and queues exactly, and the restored cooldowns,
/// retrain entries and trend make the decisions those of an uninterrupted run.
public struct ModelState: Sendable, Equatable {
    /// Bumped when the JSON changes incompatibly; decoding rejects other versions.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var modelID: String
    /// Index of the next model window (the number closed so far).
    public var windowIndex: Int
    /// Per input partition, the first partition-window index not yet in a closed model window.
    public var nextExpected: [Int32: Int]
    /// Partitions left out (idle) when the last model window closed.
    public var excluded: Set<Int32>
    /// Alert cooldowns of this model by type (model-wide).
    public var cooldowns: [AlertType: AlertCooldown.Entry]
    /// The model's retrain cooldown entry, if a trigger was published.
    public var retrain: RetrainPolicy.Entry?
    public var trend: ModelTrendHistory
    /// The model's LLM spend in the current UTC day and the `llm_budget` severity already sent
    /// for it; nil until a window with LLM requests was charged to a configured budget.
    public var llmBudget: LLMBudgetState?
    /// The model's performance windows (delayed labels), once it has any: written as the
    /// member `performance` only then, so states of models without them are unchanged.
    public var performance: Performance?

    public struct Performance: Sendable, Equatable {
        /// Index of the next model performance window.
        public var windowIndex: Int
        /// Per input partition, the first performance sub-window index not yet merged.
        public var nextExpected: [Int32: Int]
        public var excluded: Set<Int32>
        /// `performance_degradation`'s metric over the last performance windows.
        public var trend: ModelTrendHistory

        public init(windowIndex: Int, nextExpected: [Int32: Int], excluded: Set<Int32>, trend: ModelTrendHistory) {
            self.windowIndex = windowIndex
            self.nextExpected = nextExpected
            self.excluded = excluded
            self.trend = trend
        }
    }

    public init(
        modelID: String, windowIndex: Int = 0, nextExpected: [Int32: Int] = [:], excluded: Set<Int32> = [],
        cooldowns: [AlertType: AlertCooldown.Entry] = [:], retrain: RetrainPolicy.Entry? = nil,
        trend: ModelTrendHistory = .init(), llmBudget: LLMBudgetState? = nil,
        formatVersion: Int = ModelState.currentFormatVersion
    ) {
        self.llmBudget = llmBudget
        self.formatVersion = formatVersion
        self.modelID = modelID
        self.windowIndex = windowIndex
        self.nextExpected = nextExpected
        self.excluded = excluded
        self.cooldowns = cooldowns
        self.retrain = retrain
        self.trend = trend
    }

    /// The Kafka message key.
    public var key: String { modelID }
}
