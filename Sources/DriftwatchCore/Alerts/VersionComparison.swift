/// What one model version (A/B variant) did over a window, for `VersionComparison`.
/// The system logger's `VersionColumn` and the labelled pairs of the performance window give it.
public struct VersionSample: Sendable, Equatable {
    public var version: String
    public var events: Int
    /// Events with `error` set (failed predictions).
    public var errors: Int
    /// `latency_ms` values, in any order.
    public var latencies: [Double]
    /// Labelled events and how many of them the version predicted right; nil when unlabelled.
    public var labelled: Int?
    public var correct: Int?
    /// `score` values, for the KS between versions' score distributions (reported, not decided on).
    public var scores: [Double]

    public init(version: String, events: Int, errors: Int, latencies: [Double] = [],
                labelled: Int? = nil, correct: Int? = nil, scores: [Double] = []) {
        self.version = version
        self.events = events
        self.errors = errors
        self.latencies = latencies
        self.labelled = labelled
        self.correct = correct
        self.scores = scores
    }
}

/// One way a version is worse than the other versions pooled together.
public struct VersionRegression: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case errorRate = "error_rate", latencyP95 = "latency_p95", accuracy
    }
    public var version: String
    public var metric: Metric
    /// The metric for this version and for the other versions pooled.
    public var value: Double
    public var others: Double
    /// How much worse, relative to the others (+inf when the others' error rate is 0).
    public var relativeDifference: Double
    /// Two-proportion z-test (error rate, accuracy) or Mann–Whitney U (latency).
    public var pValue: Double
}

/// Per-version statistics of one window (for the report and the alert's evidence).
public struct VersionStatistics: Sendable, Equatable {
    public var version: String
    public var events: Int
    public var errorRate: Double
    /// `numpy.percentile(latencies, 95)`; NaN without latencies.
    public var latencyP95: Double
    /// NaN when unlabelled.
    public var accuracy: Double
    /// KS of this version's scores against the other versions' (`ksTwoSample`); NaN without scores.
    public var scoreKSStatistic: Double
    public var scoreKSPValue: Double
}

/// SPEC section 6 `version_regression`: a version whose error rate, latency p95 or accuracy is
/// worse than the other versions' with p < `significance` (two-proportion z-test for rates,
/// Mann–Whitney U for latency) and a relative difference > `minimumRelativeDifference`; the
/// z-test only where its normal approximation holds (`minimumExpectedCount`).
/// Each version is compared with the union of the others, so with two versions at most the worse
/// one is named. Pure: no clock, no state.
public struct VersionComparison: Sendable, Equatable {
    /// p below this (SPEC: 0.01).
    public var significance = 0.01
    /// Relative difference strictly above this (SPEC: 10%).
    public var minimumRelativeDifference = 0.10
    /// Fewest events (and latency samples, and labelled events) per side before a test is run:
    /// both tests are asymptotic, and a handful of events can show a "difference" of 100%.
    public var minimumSamples = 30
    /// The z-test's normal approximation needs, in each sample, at least this many expected
    /// successes and failures under the pooled proportion (the "success–failure condition", np̂ ≥ 10
    /// and n(1 − p̂) ≥ 10). Without it a rare error gives false alarms: 5 errors in 496 events
    /// against 12 in 4,504 has p 0.007 in the demo's identical A/B traffic (expected 1.7 errors).
    public var minimumExpectedCount = 10.0

    public init(significance: Double = 0.01, minimumRelativeDifference: Double = 0.10, minimumSamples: Int = 30,
                minimumExpectedCount: Double = 10) {
        self.significance = significance
        self.minimumRelativeDifference = minimumRelativeDifference
        self.minimumSamples = minimumSamples
        self.minimumExpectedCount = minimumExpectedCount
    }

    public struct Result: Sendable, Equatable {
        /// By version name.
        public var versions: [VersionStatistics]
        /// Most significant first (then version, metric), so `regressions.first?.version` names
        /// the version the alert concerns.
        public var regressions: [VersionRegression]
    }

    public func compare(_ samples: [VersionSample]) -> Result {
        let sorted = samples.sorted { $0.version < $1.version }
        var statistics: [VersionStatistics] = []
        var regressions: [VersionRegression] = []
        for (index, sample) in sorted.enumerated() {
            let others = sorted.indices.filter { $0 != index }.map { sorted[$0] }
            let pooled = Self.pool(others)
            statistics.append(Self.statistics(sample, pooled, hasOthers: !others.isEmpty))
            guard !others.isEmpty else { continue }
            regressions += errorRate(sample, pooled) + latency(sample, pooled) + accuracy(sample, pooled)
        }
        regressions.sort {
            ($0.pValue, $0.version, Self.order($0.metric)) < ($1.pValue, $1.version, Self.order($1.metric))
        }
        return Result(versions: statistics, regressions: regressions)
    }

    private func errorRate(_ v: VersionSample, _ o: VersionSample) -> [VersionRegression] {
        guard v.events >= minimumSamples, o.events >= minimumSamples,
              normalApproximationHolds(v.errors + o.errors, v.events, o.events) else { return [] }
        let mine = Double(v.errors) / Double(v.events), theirs = Double(o.errors) / Double(o.events)
        let test = twoProportionZTest(successes: v.errors, trials: v.events, otherSuccesses: o.errors, otherTrials: o.events)
        return judge(v.version, .errorRate, mine, theirs, relative: Self.relativeIncrease(mine, theirs), test.pValue)
    }

    private func latency(_ v: VersionSample, _ o: VersionSample) -> [VersionRegression] {
        guard v.latencies.count >= minimumSamples, o.latencies.count >= minimumSamples else { return [] }
        let mine = Self.p95(v.latencies), theirs = Self.p95(o.latencies)
        let test = mannWhitneyU(v.latencies, o.latencies)
        // Mann–Whitney is two-sided: also require this version's latencies to lie above.
        guard test.commonLanguageEffect > 0.5 else { return [] }
        return judge(v.version, .latencyP95, mine, theirs, relative: Self.relativeIncrease(mine, theirs), test.pValue)
    }

    private func accuracy(_ v: VersionSample, _ o: VersionSample) -> [VersionRegression] {
        guard let n1 = v.labelled, let c1 = v.correct, let n2 = o.labelled, let c2 = o.correct,
              n1 >= minimumSamples, n2 >= minimumSamples, normalApproximationHolds(c1 + c2, n1, n2) else { return [] }
        let mine = Double(c1) / Double(n1), theirs = Double(c2) / Double(n2)
        let test = twoProportionZTest(successes: c1, trials: n1, otherSuccesses: c2, otherTrials: n2)
        let drop = theirs > 0 ? (theirs - mine) / theirs : 0
        return judge(v.version, .accuracy, mine, theirs, relative: drop, test.pValue)
    }

    /// Every expected count (successes and failures of both samples, pooled proportion) is at
    /// least `minimumExpectedCount`.
    func normalApproximationHolds(_ successes: Int, _ n1: Int, _ n2: Int) -> Bool {
        let pooled = Double(successes) / Double(n1 + n2)
        let smaller = Double(Swift.min(n1, n2))
        return smaller * Swift.min(pooled, 1 - pooled) >= minimumExpectedCount
    }

    private func judge(_ version: String, _ metric: VersionRegression.Metric, _ value: Double, _ others: Double,
                       relative: Double, _ p: Double) -> [VersionRegression] {
        // NaN p-values (no variance) and NaN differences compare false: no regression.
        guard p < significance, relative > minimumRelativeDifference else { return [] }
        return [VersionRegression(version: version, metric: metric, value: value, others: others,
                                  relativeDifference: relative, pValue: p)]
    }

    /// (mine − theirs)/theirs where larger is worse; +inf when theirs is 0 and mine is not.
    static func relativeIncrease(_ mine: Double, _ theirs: Double) -> Double {
        if theirs > 0 { return (mine - theirs) / theirs }
        return mine > 0 ? .infinity : 0
    }

    static func p95(_ values: [Double]) -> Double {
        var sorted = values
        sortAscending(&sorted)
        return percentile(sorted, 95)
    }

    static func order(_ metric: VersionRegression.Metric) -> Int {
        VersionRegression.Metric.allCases.firstIndex(of: metric)!
    }

    /// The other versions as one sample (labels only when every other version is labelled).
    static func pool(_ samples: [VersionSample]) -> VersionSample {
        var pooled = VersionSample(version: "others", events: 0, errors: 0)
        let labelled = !samples.isEmpty && samples.allSatisfy { $0.labelled != nil && $0.correct != nil }
        pooled.labelled = labelled ? 0 : nil
        pooled.correct = labelled ? 0 : nil
        for s in samples {
            pooled.events += s.events
            pooled.errors += s.errors
            pooled.latencies += s.latencies
            pooled.scores += s.scores
            if labelled {
                pooled.labelled! += s.labelled!
                pooled.correct! += s.correct!
            }
        }
        return pooled
    }

    static func statistics(_ v: VersionSample, _ o: VersionSample, hasOthers: Bool) -> VersionStatistics {
        var ks = (statistic: Double.nan, pValue: Double.nan)
        if hasOthers, !v.scores.isEmpty, !o.scores.isEmpty {
            var mine = v.scores, theirs = o.scores
            sortAscending(&mine)
            sortAscending(&theirs)
            ks = ksTwoSample(sortedReference: theirs, sortedCurrent: mine)
        }
        let accuracy = v.labelled.flatMap { n in v.correct.map { n > 0 ? Double($0) / Double(n) : .nan } } ?? .nan
        return VersionStatistics(
            version: v.version, events: v.events,
            errorRate: v.events > 0 ? Double(v.errors) / Double(v.events) : .nan,
            latencyP95: p95(v.latencies), accuracy: accuracy,
            scoreKSStatistic: ks.statistic, scoreKSPValue: ks.pValue)
    }
}
