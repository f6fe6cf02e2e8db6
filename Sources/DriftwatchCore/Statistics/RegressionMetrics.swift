/// Regression quality: `sklearn.metrics.mean_absolute_error` and the square root of
/// `mean_squared_error`. NaN when empty.
public struct RegressionMetrics: Sendable, Equatable {
    public var count: Int
    public var mae: Double
    public var rmse: Double

    public init(labels: [Double], predictions: [Double]) {
        precondition(labels.count == predictions.count, "one prediction per label")
        count = labels.count
        if labels.isEmpty {
            mae = .nan; rmse = .nan
            return
        }
        var absolute = 0.0, squared = 0.0
        for i in 0..<labels.count {
            let e = predictions[i] - labels[i]
            absolute += abs(e)
            squared += e * e
        }
        mae = absolute / Double(labels.count)
        rmse = (squared / Double(labels.count)).squareRoot()
    }
}
