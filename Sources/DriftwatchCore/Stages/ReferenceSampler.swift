/// Builds a `ModelReference` in memory from decoded events (tests, and the demo when no
/// reference file is at hand). `driftwatch reference build` writes the persistent profile.
public struct ReferenceSampler {
    public let modelID: String
    private var buffer: WindowBuffer
    private var labels: [String] = []
    private var predictions: [String] = []
    private var scores: [Double] = []
    private var numericLabels: [Double] = []
    private var numericPredictions: [Double] = []
    private let symbols: SymbolTable

    public init(modelID: String, symbols: SymbolTable, capacity: Int = 1 << 16) {
        self.modelID = modelID
        self.symbols = symbols
        buffer = WindowBuffer(capacity: capacity)
    }

    public mutating func add(_ event: PredictionEvent) {
        buffer.append(event, offset: Int64(buffer.events), timeMs: event.timestampMs ?? 0)
        if let p = event.prediction, let l = event.label {
            predictions.append(StageReport.className(p, symbols))
            labels.append(StageReport.className(l, symbols))
            scores.append(event.score ?? .nan)
            if case .number(let x) = p, case .number(let y) = l {
                numericPredictions.append(x)
                numericLabels.append(y)
            }
        }
    }

    public var events: Int { buffer.events }

    public func reference(regression: Bool = false) -> ModelReference {
        var features: [(name: String, distribution: ModelReference.Distribution)] = []
        for column in buffer.columns {
            let name = symbols.string(for: column.name)
            if column.numbers.count >= column.categoryTotal {
                features.append((name, .numeric(NumericReference(values: column.numbers))))
            } else {
                let counts = StageReport.categoryCounts(categories: column.categories, numbers: [], symbols)
                features.append((name, .categorical(CategoricalReference(counts: counts))))
            }
        }
        func outcome(_ c: OutcomeColumn) -> ModelReference.Distribution? {
            guard c.count > 0 else { return nil }
            if regression { return .numeric(NumericReference(values: c.numbers)) }
            return .categorical(CategoricalReference(
                counts: StageReport.categoryCounts(categories: c.categories, numbers: c.numbers, symbols)))
        }
        var baseline = ModelReference.Baseline()
        if regression {
            let m = RegressionMetrics(labels: numericLabels, predictions: numericPredictions)
            baseline.mae = m.mae
            baseline.rmse = m.rmse
        } else if !labels.isEmpty {
            let hasScores = scores.allSatisfy { !$0.isNaN }
            let m = ClassificationMetrics(labels: labels, predictions: predictions, scores: hasScores ? scores : nil)
            baseline.accuracy = m.accuracy
            baseline.precision = m.precision
            baseline.recall = m.recall
            baseline.f1 = m.f1
            baseline.auc = m.auc.isNaN ? nil : m.auc
        }
        return ModelReference(
            modelID: modelID, features: features, prediction: outcome(buffer.predictions),
            score: buffer.scores.isEmpty ? nil : NumericReference(values: buffer.scores),
            label: outcome(buffer.labels), baseline: baseline)
    }
}
