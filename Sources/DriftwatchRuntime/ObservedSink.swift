public import DriftwatchCore

/// Passes every message on to `base` and shows it to `observe` first (metrics and the drift
/// report watch what the worker publishes without touching the pipeline).
public final class ObservedSink: OutputSink {
    public let base: any OutputSink
    private let observe: @Sendable (OutputMessage) -> Void

    public init(_ base: any OutputSink, observe: @escaping @Sendable (OutputMessage) -> Void) {
        self.base = base
        self.observe = observe
    }

    public func write(_ message: OutputMessage) throws {
        try base.write(message)
        observe(message)
    }

    public func flush(timeoutMs: Int) throws {
        try base.flush(timeoutMs: timeoutMs)
    }
}
