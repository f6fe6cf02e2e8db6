/// A model's reference, prepared once for the stages: sorted samples and bins per numeric
/// feature, category tables per categorical one, outcome distributions and the quality baseline.
public struct ModelReference: Sendable {
    public enum Distribution: Sendable {
        case numeric(NumericReference)
        case categorical(CategoricalReference)

        public var typeName: String {
            switch self {
            case .numeric: "numeric"
            case .categorical: "categorical"
            }
        }
    }

    /// Quality of the model on the reference data (the performance baseline).
    public struct Baseline: Sendable, Equatable {
        public var accuracy: Double?
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        public var auc: Double?
        public var mae: Double?
        public var rmse: Double?
        public init() {}
    }

    public var modelID: String
    /// Features sorted by name.
    public var features: [(name: String, distribution: Distribution)]
    public var prediction: Distribution?
    public var score: NumericReference?
    public var label: Distribution?
    public var baseline: Baseline
    /// Per feature and method, warning = mean + 3σ and critical = mean + 5σ of the statistic over
    /// the reference's chunks (the profile's `adaptive` block), for `thresholds: adaptive`.
    public var adaptiveThresholds: [String: [DriftMethod: DriftThresholds]] = [:]
    /// Rows per chunk those thresholds were computed over (nil without an adaptive block).
    public var adaptiveChunkSize: Int?

    public init(
        modelID: String, features: [(name: String, distribution: Distribution)],
        prediction: Distribution?, score: NumericReference?, label: Distribution?,
        baseline: Baseline
    ) {
        self.modelID = modelID
        self.features = features.sorted { $0.name < $1.name }
        self.prediction = prediction
        self.score = score
        self.label = label
        self.baseline = baseline
    }
}

/// How the stages judge one model (config `models.<id>` with `alerts` and `window`).
public struct StageSettings: Sendable {
    public struct FeatureRule: Sendable, Equatable {
        public var method: DriftMethod
        public var thresholds: DriftThresholds?
        public init(method: DriftMethod = .psi, thresholds: DriftThresholds? = nil) {
            self.method = method
            self.thresholds = thresholds
        }
    }

    public var minEvents = 1_000
    /// Per feature rules; features not named use PSI with the SPEC thresholds.
    public var features: [String: FeatureRule] = [:]
    public var ignored: Set<String> = []
    public var regression = false
    /// Prediction and score drift method (PSI by default).
    public var predictionRule = FeatureRule()
    public var driftShare = 0.3
    /// USD per million tokens (input, output) by LLM model name.
    public var llmPricing: [String: (input: Double, output: Double)] = [:]

    public init() {}

    public func rule(for feature: String) -> FeatureRule { features[feature] ?? FeatureRule() }
}

extension ModelReference.Distribution {
    init(_ column: PreparedColumn) {
        switch column {
        case .numeric(let r): self = .numeric(r)
        case .categorical(let r): self = .categorical(r)
        }
    }
}

extension ModelReference {
    /// The stages' view of a reference profile (`driftwatch reference build`).
    public init(_ prepared: PreparedReference) {
        var baseline = Baseline()
        if let b = prepared.profile.baseline {
            baseline.accuracy = b.accuracy
            baseline.precision = b.precision
            baseline.recall = b.recall
            baseline.f1 = b.f1
            baseline.auc = b.auc
            baseline.mae = b.mae
            baseline.rmse = b.rmse
        }
        var score: NumericReference?
        if case .numeric(let r)? = prepared.score { score = r }
        self.init(
            modelID: prepared.profile.modelID,
            features: prepared.features.map { (name: $0.key, distribution: Distribution($0.value)) },
            prediction: prepared.prediction.map(Distribution.init),
            score: score,
            label: prepared.label.map(Distribution.init),
            baseline: baseline)
        if let adaptive = prepared.profile.adaptive {
            adaptiveChunkSize = adaptive.chunkSize
            for (name, methods) in adaptive.features {
                for (method, statistic) in methods {
                    guard let m = DriftMethod(rawValue: method) else { continue }
                    adaptiveThresholds[name, default: [:]][m] = statistic.thresholds
                }
            }
        }
    }
}
