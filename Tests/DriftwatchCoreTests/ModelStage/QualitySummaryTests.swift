import Testing
@testable import DriftwatchCore

/// Merged quality summaries against the sklearn vectors of Tests/Reference/statistics_vectors.json:
/// each case split into three parts (different symbol tables), summarised, merged in two orders.
@Suite struct QualitySummaryTests {
    static let cases = StatisticsVectors.shared.classification

    static func parts(labels: [String], predictions: [String], scores: [Double]?) -> [QualitySummary] {
        let n = labels.count
        let cuts = [0, n / 5, n / 2, n]
        return (0..<3).map { k in
            let symbols = SymbolTable()
            let pairs = (cuts[k]..<cuts[k + 1]).map { i in
                LabelledOutcome(prediction: .category(symbols.symbol(for: predictions[i])),
                                label: .category(symbols.symbol(for: labels[i])), score: scores?[i])
            }
            return QualitySummary(pairs, regression: false, symbols: symbols)
        }
    }

    @Test(arguments: cases.map(\.name))
    func mergedClassificationMatchesSklearn(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let p = Self.parts(labels: c.labels, predictions: c.predictions, scores: c.scores)
        var a = p[0]; a.merge(p[1]); a.merge(p[2])
        var b = p[2]; b.merge(p[0]); b.merge(p[1])
        #expect(a == b)
        #expect(a.labelled == c.labels.count)
        let m = a.classification
        #expect(close(m.accuracy, c.accuracy, rel: 1e-12))
        #expect(close(m.precision, c.precision, abs: 1e-12), "precision \(m.precision) vs \(c.precision)")
        #expect(close(m.recall, c.recall, abs: 1e-12), "recall \(m.recall) vs \(c.recall)")
        #expect(close(m.f1, c.f1, abs: 1e-12), "f1 \(m.f1) vs \(c.f1)")
        #expect(close(m.auc, c.auc, abs: 1e-12), "auc \(m.auc) vs \(c.auc)")
    }

    @Test func mergedRegressionMatchesSklearn() {
        for v in StatisticsVectors.shared.regression {
            let half = v.labels.count / 2
            func part(_ r: Range<Int>) -> QualitySummary {
                QualitySummary(r.map { LabelledOutcome(prediction: .number(v.predictions[$0]), label: .number(v.labels[$0]), score: nil) },
                               regression: true, symbols: SymbolTable())
            }
            var q = part(half..<v.labels.count)
            q.merge(part(0..<half))
            let m = q.regression
            #expect(close(m.mae, v.mae, rel: 1e-12) && close(m.rmse, v.rmse, rel: 1e-12), "mae \(m.mae) rmse \(m.rmse)")
        }
    }
}
