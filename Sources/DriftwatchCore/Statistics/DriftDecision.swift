/// The drift methods of SPEC section 5, by their configuration names.
public enum DriftMethod: String, Sendable, CaseIterable, Codable {
    /// PSI: warning ≥ 0.1, critical ≥ 0.2.
    case psi
    /// KS asymptotic p-value: warning p < 0.05, critical p < 0.001.
    case ks
    /// `wasserstein_norm`: warning ≥ 0.1, critical ≥ 0.2.
    case wasserstein
    /// Jensen–Shannon distance: warning ≥ 0.1, critical ≥ 0.2.
    case js
    /// Chi-square p-value (categorical): warning p < 0.05, critical p < 0.001.
    case chi2

    /// True for p-value methods, where smaller means more drift.
    public var isPValue: Bool { self == .ks || self == .chi2 }

    /// SPEC section 5 defaults.
    public var defaultThresholds: DriftThresholds {
        switch self {
        case .psi, .wasserstein, .js: DriftThresholds(warning: 0.1, critical: 0.2)
        case .ks, .chi2: DriftThresholds(warning: 0.05, critical: 0.001)
        }
    }

    /// Parses a configuration name; the error lists the valid ones.
    public static func parse(_ name: String) throws(UnknownDriftMethod) -> DriftMethod {
        guard let m = DriftMethod(rawValue: name) else { throw UnknownDriftMethod(name: name) }
        return m
    }
}

public struct UnknownDriftMethod: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var description: String {
        "Unknown drift method \"\(name)\"; valid methods are "
            + DriftMethod.allCases.map(\.rawValue).joined(separator: ", ") + "."
    }
}

/// Warning and critical thresholds of one method. For p-value methods a value strictly below a
/// threshold reaches it; for the others a value at or above it does.
public struct DriftThresholds: Sendable, Equatable, Codable {
    public var warning: Double
    public var critical: Double
    public init(warning: Double, critical: Double) {
        self.warning = warning
        self.critical = critical
    }
}

/// Severity of a finding, ordered none < warning < critical.
public enum Severity: String, Sendable, Comparable, Codable, CaseIterable {
    case none, warning, critical

    private var rank: Int {
        switch self {
        case .none: 0
        case .warning: 1
        case .critical: 2
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The value a method decides on, from a numeric feature's statistics (chi2 is categorical
/// only: on a numeric feature it falls back to the KS p-value).
public func decisionValue(_ method: DriftMethod, _ drift: NumericDrift) -> Double {
    switch method {
    case .psi: drift.psi
    case .ks, .chi2: drift.ksPValue
    case .wasserstein: drift.wassersteinNorm
    case .js: drift.jsDistance
    }
}

/// The value a method decides on, from a categorical feature's statistics (ks and wasserstein
/// need an order: on a categorical feature they fall back to chi2 and js respectively).
public func decisionValue(_ method: DriftMethod, _ drift: CategoricalDrift) -> Double {
    switch method {
    case .psi: drift.psi
    case .ks, .chi2: drift.chi2PValue
    case .wasserstein, .js: drift.jsDistance
    }
}

/// Severity of `value` under `method` and `thresholds` (SPEC section 5). NaN (undefined, e.g.
/// an empty window) is `.none`: too little data is a data-quality finding, not drift.
public func decide(method: DriftMethod, value: Double, thresholds: DriftThresholds? = nil) -> Severity {
    let t = thresholds ?? method.defaultThresholds
    if value.isNaN { return .none }
    if method.isPValue {
        if value < t.critical { return .critical }
        if value < t.warning { return .warning }
        return .none
    }
    if value >= t.critical { return .critical }
    if value >= t.warning { return .warning }
    return .none
}

public func decide(method: DriftMethod, result: NumericDrift, thresholds: DriftThresholds? = nil) -> Severity {
    decide(method: method, value: decisionValue(method, result), thresholds: thresholds)
}

public func decide(method: DriftMethod, result: CategoricalDrift, thresholds: DriftThresholds? = nil) -> Severity {
    decide(method: method, value: decisionValue(method, result), thresholds: thresholds)
}

/// `drift_share`: the share of monitored features at warning or above (0 when none monitored).
public func driftShare(_ severities: [Severity]) -> Double {
    if severities.isEmpty { return 0 }
    return Double(severities.filter { $0 >= .warning }.count) / Double(severities.count)
}

/// `dataset_drift`: drift_share ≥ `alerts.drift_share` (default 0.3).
public func datasetDrift(driftShare share: Double, threshold: Double = 0.3) -> Bool {
    share >= threshold
}
