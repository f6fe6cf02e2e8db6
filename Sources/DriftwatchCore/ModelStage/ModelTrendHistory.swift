/// The key metric of every alert type over a model's last `capacity` model windows: what an
/// alert's `trend` shows (SPEC section 6). Part of `ModelState`, so a restarted owner keeps
/// the same history and publishes the same trends.
public struct ModelTrendHistory: Sendable, Equatable {
    /// SPEC section 6: "the key metric over the model's last 10 windows".
    public static let capacity = 10

    /// One model window's metrics; types whose metric the window did not measure are absent.
    public struct Point: Sendable, Equatable {
        public var window: Int
        public var values: [AlertType: Double]

        public init(window: Int, values: [AlertType: Double]) {
            self.window = window
            self.values = values
        }
    }

    /// Oldest first, at most `capacity`.
    public private(set) var points: [Point]

    public init(points: [Point] = []) {
        self.points = Array(points.suffix(Self.capacity))
    }

    /// Adds the metrics of model window `window`, forgetting the oldest beyond `capacity`.
    public mutating func record(window: Int, findings: WindowFindings) {
        var values: [AlertType: Double] = [:]
        for type in AlertType.allCases {
            if let value = type.trendValue(findings) { values[type] = value }
        }
        points.append(Point(window: window, values: values))
        if points.count > Self.capacity { points.removeFirst(points.count - Self.capacity) }
    }

    /// `type`'s metric over the recorded windows (null where a window did not measure it).
    public func trend(for type: AlertType) -> AlertTrend {
        AlertTrend(metric: type.trendMetric, windows: points.map(\.window), values: points.map { $0.values[type] })
    }
}
