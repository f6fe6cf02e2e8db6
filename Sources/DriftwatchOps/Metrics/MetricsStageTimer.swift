public import DriftwatchCore

/// `StageTimer` over the metrics facade: the pipeline's window analysis, timed per stage into
/// `driftwatch_window_analysis_seconds`.
public struct MetricsStageTimer: StageTimer {
    let metrics: DriftwatchMetrics

    public init(metrics: DriftwatchMetrics) {
        self.metrics = metrics
    }

    public func measure<T>(stage: String, _ body: () -> T) -> T {
        metrics.measureWindowAnalysis(stage: stage, body)
    }
}
