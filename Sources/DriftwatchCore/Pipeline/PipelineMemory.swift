/// What the pipeline's own state holds on the heap, for the worker's memory breakdown
/// (issue 11): byte estimates the holders give from their arrays' capacities
/// (`ApproximateBytes`), cheap enough to read once a second. No I/O: the worker samples them.
public struct PipelineStateBytes: Sendable, Equatable {
    /// Open partition windows: feature, outcome and system columns of `WindowBuffer`s.
    public var windows = 0
    /// Open performance windows' labelled pairs (inline labels: `window.size` pairs reserved
    /// per partition and model; labels topic: sub-windows of ceil(size / N)).
    public var performanceWindows = 0
    /// Predictions waiting for a delayed label and labels waiting for their prediction.
    public var labelJoins = 0
    /// Window summaries the model stage holds (queued for, or merged into, open model windows).
    public var modelStage = 0

    public init(windows: Int = 0, performanceWindows: Int = 0, labelJoins: Int = 0, modelStage: Int = 0) {
        self.windows = windows
        self.performanceWindows = performanceWindows
        self.labelJoins = labelJoins
        self.modelStage = modelStage
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(windows: a.windows + b.windows, performanceWindows: a.performanceWindows + b.performanceWindows,
             labelJoins: a.labelJoins + b.labelJoins, modelStage: a.modelStage + b.modelStage)
    }
}

extension PartitionProcessor {
    /// This partition's open windows and label-join state (`PipelineStateBytes`). The label
    /// join is estimated from its entry counts (`ArrivalOrderedMap.approximateBytes`).
    public var approximateBytes: PipelineStateBytes {
        PipelineStateBytes(
            windows: assigner.openWindowBytes,
            performanceWindows: performance.openWindowBytes + topicPerformance.openWindowBytes,
            labelJoins: ArrivalOrderedMap<PendingPrediction>.approximateBytes(entries: pendingLabels)
                + ArrivalOrderedMap<EarlyLabel>.approximateBytes(entries: earlyLabels))
    }
}

extension PipelineContext {
    /// The models' references in memory: the prepared samples, bins and category tables the
    /// partition stage compares against, and the fine bins of the window summaries. Loaded
    /// once at start-up and shared by every partition.
    public var referenceBytes: Int {
        models.values.reduce(0) { total, model in
            total + (model.reference?.approximateBytes ?? 0) + (model.summaryReference?.approximateBytes ?? 0)
        }
    }
}
