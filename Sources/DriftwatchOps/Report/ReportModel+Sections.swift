/// Inputs of the report's model-quality, LLM, version and data-quality sections, read from the
/// model report (`"stage": "model"`). Every part is optional: a report without labels has no
/// `performance`, one without LLM traffic no `llm`, and fields other stages add later (per-feature
/// `out_of_range_rate`, per-version `llm`) are shown when present.

public import DriftwatchCore

/// The model report's `performance` block (inline labels).
public struct ReportPerformance: Sendable, Equatable {
    public var labelled: Int
    /// The metric the alert decides on (`accuracy`, or `rmse` for regression).
    public var metric: String?
    /// Metric name → value in this window (accuracy, precision, recall, f1, auc; mae, rmse).
    public var metrics: [String: Double]
    /// Metric name → value on the reference data; empty when the reference had no labels.
    public var baseline: [String: Double]
    public var drop: Double?
    /// label class → predicted class → events.
    public var confusion: [String: [String: Int]]
    /// ROC points (false positive rate, true positive rate), when the report carries them.
    public var roc: [ReportROCPoint]
    /// Where the labels came from (`inline_labels`; a model-level join of delayed labels may name itself).
    public var source: String?

    public init(
        labelled: Int, metric: String? = nil, metrics: [String: Double] = [:], baseline: [String: Double] = [:],
        drop: Double? = nil, confusion: [String: [String: Int]] = [:], roc: [ReportROCPoint] = [], source: String? = nil
    ) {
        self.labelled = labelled
        self.metric = metric
        self.metrics = metrics
        self.baseline = baseline
        self.drop = drop
        self.confusion = confusion
        self.roc = roc
        self.source = source
    }

    /// Performance alerts need the metric on the reference: without it there is nothing to drop from.
    public var hasBaseline: Bool { metric.map { baseline[$0] != nil } ?? !baseline.isEmpty }
}

/// One point of a ROC curve.
public struct ReportROCPoint: Sendable, Equatable {
    public var fpr: Double
    public var tpr: Double
    public init(fpr: Double, tpr: Double) {
        self.fpr = fpr
        self.tpr = tpr
    }
}

/// The model report's `system.llm` block, or a version's `llm` when a stage publishes one.
public struct ReportLLM: Sendable, Equatable {
    public var requests: Int
    public var promptTokens: Double?
    public var completionTokens: Double?
    public var costUSD: Double?
    public var ttftP50Ms: Double?
    public var ttftP95Ms: Double?
    public var finishReasons: [String: Int]
    public var qualityMean: Double?
    public var groundednessMean: Double?
    public var safetyFlags: Int?
    /// USD per request, when the report carries it (otherwise cost / requests).
    public var costPerRequest: Double?

    public init(
        requests: Int, promptTokens: Double? = nil, completionTokens: Double? = nil, costUSD: Double? = nil,
        ttftP50Ms: Double? = nil, ttftP95Ms: Double? = nil, finishReasons: [String: Int] = [:],
        qualityMean: Double? = nil, groundednessMean: Double? = nil, safetyFlags: Int? = nil, costPerRequest: Double? = nil
    ) {
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.ttftP50Ms = ttftP50Ms
        self.ttftP95Ms = ttftP95Ms
        self.finishReasons = finishReasons
        self.qualityMean = qualityMean
        self.groundednessMean = groundednessMean
        self.safetyFlags = safetyFlags
        self.costPerRequest = costPerRequest ?? costUSD.flatMap { requests > 0 ? $0 / Double(requests) : nil }
    }

    /// Share of requests cut off at the token limit (finish reason `length`).
    public var truncationRate: Double? {
        requests > 0 ? Double(finishReasons["length"] ?? 0) / Double(requests) : nil
    }
}

/// One model version in a window (`system.versions`).
public struct ReportVersion: Sendable, Equatable {
    public var name: String
    public var events: Int?
    public var errorRate: Double?
    public var latencyP95Ms: Double?
    public var llm: ReportLLM?
    /// Inline-label accuracy of this version's events, when the report carries it.
    public var accuracy: Double?
    public var labelled: Int?

    public init(name: String, events: Int? = nil, errorRate: Double? = nil, latencyP95Ms: Double? = nil, llm: ReportLLM? = nil,
                accuracy: Double? = nil, labelled: Int? = nil) {
        self.name = name
        self.events = events
        self.errorRate = errorRate
        self.latencyP95Ms = latencyP95Ms
        self.llm = llm
        self.accuracy = accuracy
        self.labelled = labelled
    }
}

/// The model report's `data_quality` block.
public struct ReportDataQuality: Sendable, Equatable {
    /// Missing cells over events × monitored features.
    public var missingRate: Double?
    public var typeErrors: Int?
    public var missingFeatures: [String]
    public var unexpectedFeatures: [String]
    /// Per feature (`data_quality.features`, when the report carries it).
    public var features: [String: Feature]

    /// One feature's missing share and, for numeric features, share of values outside the reference range.
    public struct Feature: Sendable, Equatable {
        public var missingRate: Double?
        public var outOfRangeRate: Double?
        public init(missingRate: Double? = nil, outOfRangeRate: Double? = nil) {
            self.missingRate = missingRate
            self.outOfRangeRate = outOfRangeRate
        }
    }

    public init(missingRate: Double? = nil, typeErrors: Int? = nil, missingFeatures: [String] = [], unexpectedFeatures: [String] = [],
                features: [String: Feature] = [:]) {
        self.missingRate = missingRate
        self.typeErrors = typeErrors
        self.missingFeatures = missingFeatures
        self.unexpectedFeatures = unexpectedFeatures
        self.features = features
    }
}

/// A feature's summary statistics in one window (the dataset summary's current side).
public struct ReportColumnStats: Sendable, Equatable {
    /// Events with a usable value.
    public var count: Int?
    public var missing: Int?
    public var mean: Double?
    public var median: Double?
    public var std: Double?
    /// Share of values outside the reference range, when the report carries it.
    public var outOfRangeRate: Double?

    public init(count: Int? = nil, missing: Int? = nil, mean: Double? = nil, median: Double? = nil, std: Double? = nil,
                outOfRangeRate: Double? = nil) {
        self.count = count
        self.missing = missing
        self.mean = mean
        self.median = median
        self.std = std
        self.outOfRangeRate = outOfRangeRate
    }
}
