import Testing
@testable import DriftwatchCore

@Suite("Model quality and latency against sklearn/numpy vectors")
struct QualityMetricsTests {
    static let cases = StatisticsVectors.shared.classification

    @Test(arguments: cases.map(\.name))
    func classificationCase(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let m = ClassificationMetrics(labels: c.labels, predictions: c.predictions, scores: c.scores)
        #expect(m.isBinary == c.binary)
        #expect(close(m.accuracy, c.accuracy, rel: 1e-12))
        #expect(close(m.precision, c.precision, abs: 1e-12), "precision \(m.precision) vs \(c.precision)")
        #expect(close(m.recall, c.recall, abs: 1e-12), "recall \(m.recall) vs \(c.recall)")
        #expect(close(m.f1, c.f1, abs: 1e-12), "f1 \(m.f1) vs \(c.f1)")
        #expect(close(m.auc, c.auc, abs: 1e-12), "auc \(m.auc) vs \(c.auc)")
    }

    @Test func regression() {
        for v in StatisticsVectors.shared.regression {
            let m = RegressionMetrics(labels: v.labels, predictions: v.predictions)
            #expect(close(m.mae, v.mae, rel: 1e-12) && close(m.rmse, v.rmse, rel: 1e-12))
        }
    }

    @Test func latency() {
        for v in StatisticsVectors.shared.latency {
            let l = LatencySummary(latencies: v.latencies)
            #expect(close(l.p50, v.p50, rel: 1e-12) && close(l.p95, v.p95, rel: 1e-12))
            #expect(close(l.p99, v.p99, rel: 1e-12) && l.max == v.max)
            #expect(close(l.mean, v.mean, rel: 1e-12))
        }
    }

    @Test func emptyInputsAreNaN() {
        #expect(ClassificationMetrics(labels: [], predictions: []).accuracy.isNaN)
        #expect(RegressionMetrics(labels: [], predictions: []).mae.isNaN)
        #expect(LatencySummary(latencies: [.nan]).p99.isNaN)
    }
}
