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
    guard chunkSize > 0, !method.isPValue else { return nil }
    let whole = NumericReference(values: reference)
    guard !whole.sorted.isEmpty else { return nil }
    var values: [Double] = []
    var start = 0
    while start + chunkSize <= reference.count {
        let chunk = Array(reference[start..<(start + chunkSize)])
        let against: NumericReference
        switch baseline {
        case .wholeReference: against = whole
        case .restOfReference:
            against = NumericReference(values: Array(reference[..<start]) + Array(reference[(start + chunkSize)...]))
            if against.sorted.isEmpty { start += chunkSize; continue }
        }
        start += chunkSize
        let value = decisionValue(method, numericDrift(reference: against, current: chunk))
        if value.isFinite { values.append(value) }
    }
    guard values.count >= 2 else { return nil }
    let (m, sd) = meanAndPopulationStandardDeviation(values)
    return AdaptiveThresholds(warning: m + warningSigmas * sd, critical: m + criticalSigmas * sd,
                              mean: m, standardDeviation: sd, chunkValues: values)
}
