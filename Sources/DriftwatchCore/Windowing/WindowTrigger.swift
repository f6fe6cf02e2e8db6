/// Decides when a window closes: at `size` events, or early (partial) once `maxAgeMs` of event
/// time has passed since its first event (Flink's count trigger with an event-time timeout).
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

    /// Event time at which a window started at `startTimeMs` expires (infinity without max age).
    @inline(__always)
    public func deadline(startTimeMs: Double) -> Double {
        guard let maxAgeMs else { return .infinity }
        return startTimeMs + maxAgeMs
    }
}
