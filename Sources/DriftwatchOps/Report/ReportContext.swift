public import DriftwatchCore

/// What the report knows about a model beyond its published reports: the reference profile's
/// summary statistics (the dataset summary's reference side), the warning/critical thresholds of
/// each feature's method (as configured, SPEC defaults otherwise) and whether the reference
/// carries a performance baseline. Built once from the `PipelineContext` the worker runs with.
public struct ReportModelContext: Sendable, Equatable {
    /// One reference column: rows with a value, and for numeric columns mean, median and std.
    public struct Column: Sendable, Equatable {
        public var kind: String
        public var rows: Int
        public var mean: Double?
        public var median: Double?
        public var std: Double?
        /// Categorical: the most frequent category and its share.
        public var topCategory: String?
        public var topShare: Double?

        public init(kind: String, rows: Int, mean: Double? = nil, median: Double? = nil, std: Double? = nil,
                    topCategory: String? = nil, topShare: Double? = nil) {
            self.kind = kind
            self.rows = rows
            self.mean = mean
            self.median = median
            self.std = std
            self.topCategory = topCategory
            self.topShare = topShare
        }
    }

    /// A method with its warning and critical thresholds.
    public struct Thresholds: Sendable, Equatable {
        public var method: String
        public var warning: Double
        public var critical: Double
        /// p-value methods (ks, chi2) alert below their thresholds, the others at or above.
        public var isPValue: Bool

        public init(method: DriftMethod, thresholds: DriftThresholds? = nil) {
            let t = thresholds ?? method.defaultThresholds
            self.method = method.rawValue
            self.warning = t.warning
            self.critical = t.critical
            self.isPValue = method.isPValue
        }
    }

    /// Monitored features, plus `score` when the reference has scores.
    public var reference: [String: Column]
    public var thresholds: [String: Thresholds]
    /// The prediction and score rule.
    public var outputThresholds: Thresholds
    /// The reference had labels: performance alerts can compare against its quality.
    public var hasPerformanceBaseline: Bool
    public var regression: Bool

    public init(reference: [String: Column] = [:], thresholds: [String: Thresholds] = [:],
                outputThresholds: Thresholds = Thresholds(method: .psi), hasPerformanceBaseline: Bool = false,
                regression: Bool = false) {
        self.reference = reference
        self.thresholds = thresholds
        self.outputThresholds = outputThresholds
        self.hasPerformanceBaseline = hasPerformanceBaseline
        self.regression = regression
    }

    /// From one model of the pipeline: features the settings ignore are left out, as the stages do.
    public init(_ model: PipelineContext.Model) {
        let settings = model.settings
        var reference: [String: Column] = [:], thresholds: [String: Thresholds] = [:]
        var baseline = false
        if let ref = model.reference {
            for (name, distribution) in ref.features where !settings.ignored.contains(name) {
                reference[name] = Column(distribution)
                let rule = settings.rule(for: name)
                thresholds[name] = Thresholds(method: rule.method, thresholds: rule.thresholds)
            }
            if let score = ref.score { reference["score"] = Column(.numeric(score)) }
            if let prediction = ref.prediction { reference["prediction"] = Column(prediction) }
            let b = ref.baseline
            baseline = settings.regression ? b.rmse != nil : b.accuracy != nil
        }
        self.init(
            reference: reference, thresholds: thresholds,
            outputThresholds: Thresholds(method: settings.predictionRule.method, thresholds: settings.predictionRule.thresholds),
            hasPerformanceBaseline: baseline, regression: settings.regression)
    }

    /// Every configured model's context, by model id.
    public static func all(_ context: PipelineContext) -> [String: ReportModelContext] {
        context.models.mapValues(ReportModelContext.init)
    }
}

extension ReportModelContext.Column {
    init(_ distribution: ModelReference.Distribution) {
        switch distribution {
        case .numeric(let r):
            let top = Self.mostFrequent(r.sorted)
            self.init(kind: "numeric", rows: r.sorted.count, mean: r.sorted.isEmpty ? nil : r.mean,
                      median: Self.median(r.sorted), std: r.sorted.isEmpty ? nil : r.populationStandardDeviation,
                      topCategory: top.map { JSONWriter.format($0.value) },
                      topShare: top.map { Double($0.count) / Double(r.sorted.count) })
        case .categorical(let r):
            let top = zip(r.categories, r.counts).max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }
            self.init(kind: "categorical", rows: r.total, topCategory: top?.0,
                      topShare: top.map { r.total > 0 ? Double($0.1) / Double(r.total) : 0 })
        }
    }

    /// The most frequent value of ascending values (the smallest on a tie): a numeric column's
    /// "category" where the report treats it as one (a 0/1 `prediction`).
    static func mostFrequent(_ sorted: [Double]) -> (value: Double, count: Int)? {
        var best: (value: Double, count: Int)?
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            if best == nil || j - i > best!.count { best = (sorted[i], j - i) }
            i = j
        }
        return best
    }

    /// `numpy.median` of ascending values (the mean of the two middle ones for an even count).
    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
