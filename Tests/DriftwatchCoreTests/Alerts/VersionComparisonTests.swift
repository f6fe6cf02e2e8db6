import Testing
@testable import DriftwatchCore

/// `version_regression` fires on streams built to cross each rule and stays silent on clean ones.
@Suite("VersionComparison decides version_regression")
struct VersionComparisonTests {
    /// A version's window: `events` events of which exactly `errorRate` failed, log-normal
    /// latencies around `latencyMedian` ms, `labelled` labels of which exactly `accuracy` are
    /// right, uniform scores. Exact counts keep binomial noise out of the clean streams.
    static func sample(_ version: String, seed: UInt64, events: Int = 5_000, errorRate: Double = 0.01,
                       latencyMedian: Double = 40, labelled: Int? = nil, accuracy: Double = 0.9,
                       scoreShift: Double = 0) -> VersionSample {
        var rng = SplitMix64(seed: seed)
        var s = VersionSample(version: version, events: events, errors: Int((Double(events) * errorRate).rounded()))
        for _ in 0..<events {
            s.latencies.append((rng.logNormal(mu: 0, sigma: 0.5) * latencyMedian * 100).rounded() / 100)
            s.scores.append(Swift.min(Swift.max(rng.unit() * 0.8 + scoreShift, 0), 1))
        }
        if let labelled {
            s.labelled = labelled
            s.correct = Int((Double(labelled) * accuracy).rounded())
        }
        return s
    }

    let comparison = VersionComparison()

    @Test func cleanABTrafficRaisesNothing() {
        let result = comparison.compare([Self.sample("1.4.0", seed: 1, labelled: 2_000),
                                         Self.sample("1.5.0", seed: 2, labelled: 2_000)])
        #expect(result.regressions.isEmpty, "\(result.regressions)")
        #expect(result.severity == .none)
        #expect(result.versions.map(\.version) == ["1.4.0", "1.5.0"])
        #expect(result.versions.allSatisfy { $0.scoreKSPValue > 0.01 })
    }

    @Test func higherErrorRateNamesTheVersion() throws {
        let result = comparison.compare([Self.sample("1.4.0", seed: 3, errorRate: 0.01),
                                         Self.sample("1.5.0", seed: 4, errorRate: 0.03)])
        let r = try #require(result.regressions.first)
        #expect(result.regressions.count == 1)
        #expect(r.version == "1.5.0" && r.metric == .errorRate)
        #expect(r.pValue < 0.01 && r.relativeDifference > 0.1)
        #expect(result.regressedVersion == "1.5.0")
        #expect(result.severity == .warning)
        #expect(result.summary == "Version 1.5.0 is worse than the other versions: error_rate 3% vs 1% (+200%, p <0.001)")
    }

    @Test func slowerVersionIsFlaggedByMannWhitney() throws {
        let result = comparison.compare([Self.sample("a", seed: 5), Self.sample("b", seed: 6, latencyMedian: 52),
                                         Self.sample("c", seed: 7)])
        let r = try #require(result.regressions.first)
        #expect(result.regressions.count == 1, "\(result.regressions)")
        #expect(r.version == "b" && r.metric == .latencyP95)
        #expect(r.value > r.others * 1.1)
    }

    @Test func lowerAccuracyIsFlagged() throws {
        let result = comparison.compare([Self.sample("old", seed: 8, labelled: 2_000, accuracy: 0.92),
                                         Self.sample("new", seed: 9, labelled: 2_000, accuracy: 0.78)])
        let r = try #require(result.regressions.first)
        #expect(result.regressions.count == 1)
        #expect(r.version == "new" && r.metric == .accuracy)
        let metrics = result.metrics
        guard case .array(let list)? = metrics["regressions"], case .object(let first)? = list.first else {
            Issue.record("metrics lack regressions: \(metrics)"); return
        }
        #expect(first["test"] == .string("two_proportion_z"))
        #expect(first["version"] == .string("new"))
    }

    /// Significant but small: 5% slower over 40,000 events each is p < 0.01 but not > 10%.
    @Test func significantButSmallDifferenceIsNotARegression() {
        let a = Self.sample("a", seed: 10, events: 40_000)
        let b = Self.sample("b", seed: 11, events: 40_000, latencyMedian: 42)
        #expect(mannWhitneyU(b.latencies, a.latencies).pValue < 0.01,
                "the stream must be significant for this test to mean anything")
        let result = comparison.compare([a, b])
        #expect(result.regressions.isEmpty, "\(result.regressions)")
    }

    /// Large but not significant: 2 errors of 40 against 0 of 40.
    @Test func smallSamplesAreNotJudged() {
        let small = VersionComparison(minimumSamples: 10)
        let result = small.compare([VersionSample(version: "a", events: 40, errors: 0),
                                    VersionSample(version: "b", events: 40, errors: 2)])
        #expect(result.regressions.isEmpty)
        let tooFew = comparison.compare([VersionSample(version: "a", events: 20, errors: 0),
                                         VersionSample(version: "b", events: 20, errors: 15)])
        #expect(tooFew.regressions.isEmpty, "fewer than minimumSamples events are not tested")
    }

    /// The demo's identical A/B traffic once gave 5 errors in 496 events against 12 in 4,504
    /// (p 0.007): too few expected errors (1.7) for the z-test, so not judged.
    @Test func rareErrorsWithFewExpectedAreNotJudged() {
        #expect(twoProportionZTest(successes: 5, trials: 496, otherSuccesses: 12, otherTrials: 4_504).pValue < 0.01)
        let result = comparison.compare([VersionSample(version: "v1", events: 4_504, errors: 12),
                                         VersionSample(version: "v2", events: 496, errors: 5)])
        #expect(result.regressions.isEmpty, "\(result.regressions)")
        let more = comparison.compare([VersionSample(version: "v1", events: 45_040, errors: 120),
                                       VersionSample(version: "v2", events: 4_960, errors: 50)])
        #expect(more.regressedVersion == "v2", "ten times the traffic: judged, and worse")
    }

    @Test func twoRegressedVersionsAreBothNamed() {
        let result = comparison.compare([VersionSample(version: "a", events: 10_000, errors: 10),
                                         VersionSample(version: "b", events: 10_000, errors: 300),
                                         VersionSample(version: "c", events: 10_000, errors: 200)])
        #expect(Set(result.regressions.map(\.version)) == ["b", "c"])
        #expect(result.regressedVersion == "b", "the most significant first")
        #expect(result.summary.hasPrefix("Versions b, c are worse than the other versions: version b: error_rate 3% vs 1.05%"))
    }

    @Test func singleVersionHasNothingToCompare() {
        let result = comparison.compare([Self.sample("only", seed: 12, errorRate: 0.5)])
        #expect(result.regressions.isEmpty)
        #expect(result.versions.count == 1 && result.versions[0].scoreKSStatistic.isNaN)
    }

    @Test func errorsWhereOthersHaveNoneCountAsInfinitelyWorse() throws {
        let result = comparison.compare([VersionSample(version: "a", events: 2_000, errors: 0),
                                         VersionSample(version: "b", events: 2_000, errors: 40)])
        let r = try #require(result.regressions.first)
        #expect(r.version == "b" && r.relativeDifference == .infinity)
        #expect(result.metrics.encodedString().contains("\"relative_difference\":null"))
    }
}
