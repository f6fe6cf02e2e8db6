/// Warning and critical thresholds learned from the reference itself (SPEC section 6,
/// `thresholds: adaptive`), with the statistic's spread over the reference's own chunks.
public struct AdaptiveThresholds: Sendable, Equatable, Codable {
    /// mean + 3σ and mean + 5σ of the chunk statistics (for the default multipliers).
    public var warning: Double
    public var critical: Double
    /// Mean and population standard deviation (`numpy.mean`, `numpy.std` with ddof=0) of
    /// `chunkValues`.
    public var mean: Double
    public var standardDeviation: Double
    /// The statistic of each complete chunk against the whole reference, in chunk order.
    public var chunkValues: [Double]

    /// The thresholds in the form drift decisions take.
    public var driftThresholds: DriftThresholds { DriftThresholds(warning: warning, critical: critical) }
}

/// What each chunk is compared with. `.restOfReference` compares each chunk with the reference WITHOUT that chunk's rows
/// (leave-one-out) instead of the whole column. `reference build` uses it: a chunk is part of the
/// whole column, so its statistic against the whole is biased low (for PSI by about (1 − k/n)²:
/// 4 chunks gave mean + 3σ = 0.0016 while clean 5,000-event windows of the same traffic scored
/// 0.001-0.003 and 5 of 8 alerted); against the rest, a chunk is as independent of its baseline
/// as a live window is of the reference.
public enum AdaptiveBaseline: String, Sendable, Codable {
    case wholeReference = "whole"
    case restOfReference = "rest"
}

/// NannyML's standard-deviation thresholds for one numeric feature: the reference column (rows in
/// their original order, NaN/±inf for missing) is cut into consecutive chunks of `chunkSize`
/// rows (the window size); each complete chunk's statistic against the whole reference is
/// computed exactly as a window's would be (`numericDrift`, then the method's decision value);
/// warning = mean + `warningSigmas`·σ and critical = mean + `criticalSigmas`·σ over the chunks.
///
/// numpy equivalent (Tests/Reference/generate_adaptive_vectors.py):
///
///     values = [psi(ref, ref[i*k:(i+1)*k]) for i in range(len(ref) // k)]
///     # baseline .restOfReference: psi(np.concatenate([ref[:i*k], ref[(i+1)*k:]]), ref[i*k:(i+1)*k])
///     mean, sd = np.mean(values), np.std(values)      # ddof=0
///     warning, critical = mean + 3*sd, mean + 5*sd
///
/// Choices, stated: a trailing incomplete chunk is dropped (it is smaller than any window the
/// thresholds will judge, so noisier); a chunk whose rows are all missing gives no value; at
/// least 2 chunk values are needed (else nil: one chunk has no spread). Only score methods
/// (`psi`, `wasserstein` on `wasserstein_norm`, `js`), where larger means more drift, have
/// adaptive thresholds; p-value methods (`ks`, `chi2`) return nil. `baseline`: see `AdaptiveBaseline`.
public func adaptiveThresholds(reference: [Double], chunkSize: Int, method: DriftMethod = .psi,
                               baseline: AdaptiveBaseline = .wholeReference,
                               warningSigmas: Double = 3, criticalSigmas: Double = 5) -> AdaptiveThresholds?
{
    adaptiveThresholds(reference: reference, chunkSize: chunkSize, methods: [method], baseline: baseline,
                       warningSigmas: warningSigmas, criticalSigmas: criticalSigmas)[method]
}

/// `adaptiveThresholds` for several methods at once: each chunk's baseline is prepared and its
/// drift computed once, and every method reads its decision value from that one result (the
/// same numbers as one call per method; `reference build` then sorts each chunk's rest once, not
/// once per method). Methods without thresholds (p-value methods, fewer than 2 values) are absent.
public func adaptiveThresholds(reference: [Double], chunkSize: Int, methods: [DriftMethod],
                               baseline: AdaptiveBaseline = .wholeReference,
                               warningSigmas: Double = 3, criticalSigmas: Double = 5) -> [DriftMethod: AdaptiveThresholds]
{
    let scored = methods.filter { !$0.isPValue }
    guard chunkSize > 0, !scored.isEmpty else { return [:] }
    let whole = NumericReference(values: reference)
    guard !whole.sorted.isEmpty else { return [:] }
    var values = [[Double]](repeating: [], count: scored.count)
    var start = 0
    while start + chunkSize <= reference.count {
        let chunk = Array(reference[start..<(start + chunkSize)])
        let against: NumericReference
        switch baseline {
        case .wholeReference: against = whole
        case .restOfReference:
            against = NumericReference(values: Array(reference[..<start]) + Array(reference[(start + chunkSize)...]))
        }
        start += chunkSize
        guard !against.sorted.isEmpty else { continue }
        let drift = numericDrift(reference: against, current: chunk)
        for (i, method) in scored.enumerated() {
            let value = decisionValue(method, drift)
            if value.isFinite { values[i].append(value) }
        }
    }
    var result: [DriftMethod: AdaptiveThresholds] = [:]
    for (i, method) in scored.enumerated() where values[i].count >= 2 {
        let (m, sd) = meanAndPopulationStandardDeviation(values[i])
        result[method] = AdaptiveThresholds(warning: m + warningSigmas * sd, critical: m + criticalSigmas * sd,
                                            mean: m, standardDeviation: sd, chunkValues: values[i])
    }
    return result
}
