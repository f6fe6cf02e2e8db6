/// Measures each stage's analysis of a closed window. The core has no clock: `run` injects one
/// (through `PipelineContext`) that feeds `driftwatch_window_analysis_seconds`; replay and tests
/// leave it nil and nothing is measured.
public protocol StageTimer: Sendable {
    func measure<T>(stage: String, _ body: () -> T) -> T
}

extension Optional where Wrapped == any StageTimer {
    /// Runs `body`, timed when a timer is set.
    func measure<T>(stage: String, _ body: () -> T) -> T {
        switch self {
        case .some(let timer): timer.measure(stage: stage, body)
        case .none: body()
        }
    }
}
