/// Inputs of the drift report: small `Sendable` values the runtime builds from what it already
/// computed (or `ReportStore.ingest` builds from the payloads of the output messages).

public import DriftwatchCore

/// Reference and current distributions of one feature over the same bins, as proportions.
public struct ReportHistogram: Sendable, Equatable {
    /// Bin labels (numeric: ranges from the PSI edges; categorical: the categories).
    public var labels: [String]
    public var reference: [Double]
    public var current: [Double]
    /// Numeric only: the inner bin edges (labels.count - 1 of them), drawn on the axis.
    public var edges: [Double]?

    public init(labels: [String], reference: [Double], current: [Double], edges: [Double]? = nil) {
        self.labels = labels
        self.reference = reference
        self.current = current
        self.edges = edges
    }

    /// Numeric bins from the PSI's inner edges e1 < … < ek (outer edges −∞/+∞): k + 1 bins.
    public static func numeric(innerEdges: [Double], reference: [Double], current: [Double]) -> ReportHistogram {
        var labels: [String] = []
        let edges = innerEdges.map(formatAxis)
        for bin in 0...innerEdges.count {
            switch bin {
            case 0: labels.append("< \(edges.first ?? "")")
            case innerEdges.count: labels.append("≥ \(edges[bin - 1])")
            default: labels.append("\(edges[bin - 1]) – \(edges[bin])")
            }
        }
        if innerEdges.isEmpty { labels = ["all"] }
        return ReportHistogram(labels: labels, reference: reference, current: current, edges: innerEdges)
    }
}

/// One feature (or model output) in one window: every statistic of SPEC section 5 that applies.
public struct ReportFeature: Sendable, Equatable {
    public var name: String
    /// `numeric` or `categorical`.
    public var kind: String
    /// The method that decided `severity` (`psi`, `ks`, `wasserstein`, `js`, `chi2`).
    public var method: String
    public var severity: Severity
    public var psi: Double?
    public var ksStatistic: Double?
    public var ksPValue: Double?
    public var wasserstein: Double?
    public var wassersteinNorm: Double?
    public var jsDistance: Double?
    public var chi2Statistic: Double?
    public var chi2PValue: Double?
    public var missingRate: Double?
    public var newCategories: [String]
    public var histogram: ReportHistogram?
    /// Count, missing, mean, median and std in this window (model reports carry them).
    public var stats: ReportColumnStats?

    public init(
        name: String, kind: String, method: String = "psi", severity: Severity,
        psi: Double? = nil, ksStatistic: Double? = nil, ksPValue: Double? = nil,
        wasserstein: Double? = nil, wassersteinNorm: Double? = nil, jsDistance: Double? = nil,
        chi2Statistic: Double? = nil, chi2PValue: Double? = nil, missingRate: Double? = nil,
        newCategories: [String] = [], histogram: ReportHistogram? = nil, stats: ReportColumnStats? = nil
    ) {
        self.name = name
        self.kind = kind
        self.method = method
        self.severity = severity
        self.psi = psi
        self.ksStatistic = ksStatistic
        self.ksPValue = ksPValue
        self.wasserstein = wasserstein
        self.wassersteinNorm = wassersteinNorm
        self.jsDistance = jsDistance
        self.chi2Statistic = chi2Statistic
        self.chi2PValue = chi2PValue
        self.missingRate = missingRate
        self.newCategories = newCategories
        self.histogram = histogram
        self.stats = stats
    }
}

/// The system logger's numbers for a window (SPEC section 6), all optional.
public struct ReportSystem: Sendable, Equatable {
    public var events: Int?
    public var errorRate: Double?
    public var latencyP50Ms: Double?
    public var latencyP95Ms: Double?
    public var latencyP99Ms: Double?
    public var throughputEPS: Double?

    public init(
        events: Int? = nil, errorRate: Double? = nil, latencyP50Ms: Double? = nil, latencyP95Ms: Double? = nil,
        latencyP99Ms: Double? = nil, throughputEPS: Double? = nil
    ) {
        self.events = events
        self.errorRate = errorRate
        self.latencyP50Ms = latencyP50Ms
        self.latencyP95Ms = latencyP95Ms
        self.latencyP99Ms = latencyP99Ms
        self.throughputEPS = throughputEPS
    }
}

/// One closed window of one model, as the report shows it.
public struct ReportWindowInput: Sendable, Equatable {
    public var modelID: String
    public var modelVersion: String?
    public var window: WindowInfo
    /// Feature profiler results, one per monitored feature.
    public var features: [ReportFeature]
    /// Prediction monitor results: `prediction`, `score`, `label` (named so).
    public var outputs: [ReportFeature]
    public var driftShare: Double?
    public var datasetDrift: Bool?
    public var system: ReportSystem?
    /// Inline-label quality (model reports of windows with labelled events).
    public var performance: ReportPerformance?
    /// LLM requests of the window (`system.llm`).
    public var llm: ReportLLM?
    /// Per model version (`system.versions`), sorted by name.
    public var versions: [ReportVersion]
    public var dataQuality: ReportDataQuality?
    /// Why drift tests did not run (`drift_tests`: too few events), if they did not.
    public var driftTestsNote: String?

    public init(
        modelID: String, modelVersion: String? = nil, window: WindowInfo, features: [ReportFeature] = [],
        outputs: [ReportFeature] = [], driftShare: Double? = nil, datasetDrift: Bool? = nil, system: ReportSystem? = nil,
        performance: ReportPerformance? = nil, llm: ReportLLM? = nil, versions: [ReportVersion] = [],
        dataQuality: ReportDataQuality? = nil, driftTestsNote: String? = nil
    ) {
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.window = window
        self.features = features
        self.outputs = outputs
        self.driftShare = driftShare
        self.datasetDrift = datasetDrift
        self.system = system
        self.performance = performance
        self.llm = llm
        self.versions = versions
        self.dataQuality = dataQuality
        self.driftTestsNote = driftTestsNote
    }

    /// "#3" for a model window (all partitions merged), "p0 #3" for a partition window.
    public var axisLabel: String { window.partitions != nil || window.partition < 0 ? "#\(window.index)" : "p\(window.partition) #\(window.index)" }
}

/// An alert or a retrain trigger as published (SPEC section 6).
public struct ReportNotice: Sendable, Equatable {
    public enum Kind: String, Sendable { case alert, retrain }

    public var kind: Kind
    /// `alert_id` or `trigger_id`.
    public var id: String
    public var modelID: String
    /// Alert `type`, or the trigger's reasons joined by ", ".
    public var type: String
    /// Alert `severity` (warning, critical) or trigger `urgency` (scheduled, immediate, rollback).
    public var level: String
    public var summary: String
    public var createdAt: String
    public var window: WindowInfo?

    public init(
        kind: Kind, id: String, modelID: String, type: String, level: String, summary: String, createdAt: String,
        window: WindowInfo? = nil
    ) {
        self.kind = kind
        self.id = id
        self.modelID = modelID
        self.type = type
        self.level = level
        self.summary = summary
        self.createdAt = createdAt
        self.window = window
    }
}
