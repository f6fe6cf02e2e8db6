/// Decides when a window closes: at `size` events, or early (partial) once its model has been
/// idle for `maxAgeMs` of event time: no event of it for that long after its latest one (Flink's
/// count trigger with an event-time inactivity timeout, as its session windows' gap). Steady
/// traffic, however slow, fills whole windows; a model that stops is closed by the partition's
/// later events, and a partition that stops altogether by the model stage's wall-clock rule.
public struct WindowTrigger: Sendable, Equatable {
    public var size: Int
    public var maxAgeMs: Double?

    public init(size: Int, maxAgeMs: Double? = nil) {
        self.size = max(1, size)
        self.maxAgeMs = maxAgeMs
    }

    public init(_ settings: WindowSettings) {
        self.init(size: settings.size, maxAgeMs: settings.maxAgeMs)
    }

    /// The window is full and closes after the event just added.
    @inline(__always)
    public func isFull(events: Int) -> Bool { events >= size }

    /// Event time at which a window whose latest event is at `lastEventTimeMs` has been idle for
    /// the max age (infinity without max age).
    @inline(__always)
    public func deadline(lastEventTimeMs: Double) -> Double {
        guard let maxAgeMs else { return .infinity }
        return lastEventTimeMs + maxAgeMs
    }
}
