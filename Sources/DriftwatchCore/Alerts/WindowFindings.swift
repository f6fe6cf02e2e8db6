/// What the stages found in one closed window: the input of `AlertEvaluator` and `RetrainPolicy`.
///
/// Every section is optional: a stage fills only its own (the feature profiler `features` and
/// `dataQuality`, the prediction monitor `prediction` and `label`, the performance window
/// `performance`, the system logger `system`), and absent sections raise nothing. A findings
/// value describes ONE window (`window`); performance windows are separate windows, so the
/// pipeline passes them in their own `WindowFindings`.
public struct WindowFindings: Sendable, Equatable {
    public var modelID: String
    /// The window's dominant model version (nil when events carry none).
    public var modelVersion: String?
    public var window: WindowInfo
    /// Every monitored feature's drift result (nil: not tested, e.g. fewer than `min_events`).
    public var features: [FeatureFinding]?
    /// Drift of the model outputs, named "prediction" and "score" (nil: not tested).
    public var prediction: [FeatureFinding]?
    /// Drift of the labels against the reference label distribution.
    public var label: FeatureFinding?
    public var performance: PerformanceFinding?
    public var dataQuality: DataQualityFinding?
    public var system: SystemFinding?
    // Issue 12 (model stage only; see AlertEvaluator+Issue12.swift).
    /// Merged LLM judge sums (`llm_quality`); nil when no request carried a judge field.
    public var llmQuality: LLMQualitySums?
    /// The versions compared against each other (`version_regression`); nil with fewer than two versions.
    public var versions: VersionComparison.Result?
    /// The model's LLM spend so far in the UTC day of the window's end (set by `AlertEngine.chargeLLMBudget`).
    public var llmDayCostUSD: Double?
    /// The daily budget crossing this window caused, if any (`llm_budget`).
    public var llmBudget: LLMBudgetCrossing?

    public init(
        modelID: String, modelVersion: String?, window: WindowInfo,
        features: [FeatureFinding]? = nil, prediction: [FeatureFinding]? = nil,
        label: FeatureFinding? = nil, performance: PerformanceFinding? = nil,
        dataQuality: DataQualityFinding? = nil, system: SystemFinding? = nil
    ) {
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.window = window
        self.features = features
        self.prediction = prediction
        self.label = label
        self.performance = performance
        self.dataQuality = dataQuality
        self.system = system
    }

    /// SPEC section 5 `drift_share`: share of monitored features at warning or above.
    public var driftShare: Double? {
        features.map { DriftwatchCore.driftShare($0.map(\.severity)) }
    }

    /// SPEC section 5 `dataset_drift`: drift_share ≥ `alerts.drift_share`.
    public func datasetDrift(threshold: Double) -> Bool {
        driftShare.map { DriftwatchCore.datasetDrift(driftShare: $0, threshold: threshold) } ?? false
    }

    /// Features at warning or above, most severe first, then by name.
    public var driftedFeatures: [FeatureFinding] { (features ?? []).drifted }
}

/// One feature's (or output's) drift result, as the feature profiler decided it.
public struct FeatureFinding: Sendable, Equatable {
    public var feature: String
    public var method: DriftMethod
    /// The statistic the method decided on: psi, ks/chi2 p-value, wasserstein_norm or js distance.
    public var value: Double
    public var severity: Severity
    /// Every other statistic worth naming (`psi`, `ks_pvalue`, `js_distance`, ...), rendered
    /// sorted by name; non-finite values render as null.
    public var statistics: [String: Double]

    public init(feature: String, method: DriftMethod, value: Double, severity: Severity,
                statistics: [String: Double] = [:]) {
        self.feature = feature
        self.method = method
        self.value = value
        self.severity = severity
        self.statistics = statistics
    }

    /// `{"feature", "severity", "method", "value", <statistics sorted>}`.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "feature": .string(feature), "severity": .string(severity.rawValue),
            "method": .string(method.rawValue), "value": .number(value),
        ]
        for key in statistics.keys.sorted() where object[key] == nil {
            object[key] = .number(statistics[key]!)
        }
        return .object(object)
    }
}

extension Array where Element == FeatureFinding {
    /// Findings at warning or above, most severe first, then by name (deterministic).
    public var drifted: [FeatureFinding] {
        filter { $0.severity >= .warning }.sorted {
            $0.severity != $1.severity ? $0.severity > $1.severity : $0.feature < $1.feature
        }
    }
}

/// A performance window's quality against the reference baseline.
public struct PerformanceFinding: Sendable, Equatable {
    /// The metric compared with the baseline, e.g. "accuracy", "auc", "f1" or "rmse".
    public var metric: String
    public var current: Double
    public var baseline: Double
    /// False for errors (mae, rmse): a rise is a drop in quality.
    public var higherIsBetter: Bool
    /// Labelled pairs in the window.
    public var labelled: Int
    /// Other metrics for the alert's evidence (accuracy, precision, recall, f1, auc ...).
    public var metrics: [String: Double]

    public init(metric: String, current: Double, baseline: Double, higherIsBetter: Bool = true,
                labelled: Int, metrics: [String: Double] = [:]) {
        self.metric = metric
        self.current = current
        self.baseline = baseline
        self.higherIsBetter = higherIsBetter
        self.labelled = labelled
        self.metrics = metrics
    }

    /// Relative loss of quality against the baseline (0.1 = 10% worse); 0 when undefined.
    public var drop: Double {
        guard baseline.isFinite, current.isFinite, baseline != 0 else { return 0 }
        return higherIsBetter ? (baseline - current) / abs(baseline) : (current - baseline) / abs(baseline)
    }
}

/// Data quality of a window (feature profiler).
public struct DataQualityFinding: Sendable, Equatable {
    public var events: Int
    /// Missing values / expected feature values (reference features × events).
    public var missingRate: Double
    /// Values of the wrong type (number for a categorical feature or vice versa) / expected values.
    public var typeErrorRate: Double
    /// Reference features absent from every event of the window.
    public var missingFeatures: [String]
    /// Features the reference does not know.
    public var unexpectedFeatures: [String]
    /// Required features (config `required: true`) with their problems in this window.
    public var required: [RequiredFeatureFinding]
    /// Every monitored feature's missing and out-of-range counts (judged one by one).
    public var features: [FeatureQualityFinding]

    public init(events: Int, missingRate: Double, typeErrorRate: Double, missingFeatures: [String] = [],
                unexpectedFeatures: [String] = [], required: [RequiredFeatureFinding] = [],
                features: [FeatureQualityFinding] = []) {
        self.events = events
        self.missingRate = missingRate
        self.typeErrorRate = typeErrorRate
        self.missingFeatures = missingFeatures
        self.unexpectedFeatures = unexpectedFeatures
        self.required = required
        self.features = features
    }
}

public struct RequiredFeatureFinding: Sendable, Equatable {
    public var feature: String
    /// Events where the feature is absent or null.
    public var absent: Int
    /// Events where it has the wrong type.
    public var typeErrors: Int
    public init(feature: String, absent: Int, typeErrors: Int) {
        self.feature = feature
        self.absent = absent
        self.typeErrors = typeErrors
    }

    /// Share of `events` where the feature is absent or mistyped.
    public func rate(events: Int) -> Double {
        events > 0 ? Double(absent + typeErrors) / Double(events) : 0
    }
}

/// The system logger's window: errors, latency, LLM usage.
public struct SystemFinding: Sendable, Equatable {
    public var events: Int
    public var errors: Int
    /// nil when no event carried `latency_ms`.
    public var latencyP99Ms: Double?
    /// Events with an `llm` block.
    public var llmRequests: Int
    /// Total USD of those requests (given or priced from config); nil when unknown.
    public var llmCostUSD: Double?
    /// Requests with `finish_reason` "length".
    public var llmTruncated: Int

    public init(events: Int, errors: Int, latencyP99Ms: Double? = nil, llmRequests: Int = 0,
                llmCostUSD: Double? = nil, llmTruncated: Int = 0) {
        self.events = events
        self.errors = errors
        self.latencyP99Ms = latencyP99Ms
        self.llmRequests = llmRequests
        self.llmCostUSD = llmCostUSD
        self.llmTruncated = llmTruncated
    }

    public var errorRate: Double { events > 0 ? Double(errors) / Double(events) : 0 }
    public var llmCostPerRequest: Double? {
        guard llmRequests > 0, let llmCostUSD else { return nil }
        return llmCostUSD / Double(llmRequests)
    }
    public var llmTruncationShare: Double? {
        llmRequests > 0 ? Double(llmTruncated) / Double(llmRequests) : nil
    }
}
