import Foundation
import Testing
@testable import DriftwatchCore

/// The model stage's A/B side (issue 12): Mann–Whitney U over merged latency histograms against
/// scipy (Tests/Reference/generate_binned_mwu_vectors.py), per-version accuracy, the judge sums,
/// and what `model_version` says for a window that mixes versions.
@Suite struct VersionAnalysisTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            var name: String, x: [Double], y: [Double], u: Double, p: Double, u_raw: Double, p_raw: Double
            var p95_x: Double, p95_y: Double
        }
        var cases: [Case]
    }

    static let vectors: Vectors = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Reference/binned_mwu_vectors.json")
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: vectors.cases.map(\.name))
    func mannWhitneyOverBinnedLatencyMatchesScipy(name: String) {
        let c = Self.vectors.cases.first { $0.name == name }!
        let x = LogHistogram(c.x).binnedValues, y = LogHistogram(c.y).binnedValues
        let result = mannWhitneyU(x, y)
        #expect(result.statistic == c.u, "U over the bucket values, exact (half-integers)")
        #expect(abs(result.pValue - c.p) <= 1e-12 + 1e-9 * c.p, "\(result.pValue) vs scipy \(c.p)")
        // The binned p95 stays within 1% of numpy's over the raw values.
        #expect(abs(VersionComparison.p95(x) - c.p95_x) <= 0.01 * c.p95_x)
        #expect(abs(VersionComparison.p95(y) - c.p95_y) <= 0.01 * c.p95_y)
    }

    static func version(events: Int, errors: Int, latencies: [Double], labelled: Int = 0, correct: Int = 0) -> VersionSummary {
        var v = VersionSummary()
        v.events = events
        v.errors = errors
        v.latency = LogHistogram(latencies)
        v.labelled = labelled
        v.correct = correct
        return v
    }

    @Test func aVersionWorseInAccuracyAloneIsNamed() throws {
        var random = SplitMix64(seed: 3)
        let latencies = { (0..<800).map { _ in random.logNormal(mu: log(40.0), sigma: 0.3) } }
        var system = SystemSummary()
        system.versions["1.4.0"] = Self.version(events: 800, errors: 8, latencies: latencies(), labelled: 400, correct: 360)
        system.versions["1.5.0"] = Self.version(events: 800, errors: 8, latencies: latencies(), labelled: 400, correct: 300)
        system.versions[""] = Self.version(events: 50, errors: 40, latencies: [])  // no variant: left out
        let result = try #require(MergedAnalysis.versionComparison(system))
        #expect(result.versions.map(\.version) == ["1.4.0", "1.5.0"])
        #expect(result.regressions.map(\.metric) == [.accuracy])
        #expect(result.regressedVersion == "1.5.0")
        #expect(MergedAnalysis.windowVersion(system) == "1.4.0,1.5.0")
        // One named version: nothing to compare, and the window's version is that one.
        system.versions["1.5.0"] = nil
        #expect(MergedAnalysis.versionComparison(system) == nil)
        #expect(MergedAnalysis.windowVersion(system) == "1.4.0")
        system.versions["1.4.0"] = nil
        #expect(MergedAnalysis.windowVersion(system) == nil)
    }

    @Test func theAlertNamesTheRegressedVersionAndTheTriggerEveryVersion() {
        var system = SystemSummary()
        var random = SplitMix64(seed: 9)
        let fast = (0..<600).map { _ in random.logNormal(mu: log(40.0), sigma: 0.3) }
        let slow = (0..<600).map { _ in random.logNormal(mu: log(40.0), sigma: 0.3) * 1.3 }
        system.versions["a"] = Self.version(events: 600, errors: 6, latencies: fast)
        system.versions["b"] = Self.version(events: 600, errors: 40, latencies: slow)
        let window = WindowInfo(topic: "predictions", partition: 0, startOffset: 0, endOffset: 1_199, events: 1_200,
                                index: 0, startTimeMs: 0, endTimeMs: 60_000, partial: false)
        var findings = WindowFindings(modelID: "m", modelVersion: MergedAnalysis.windowVersion(system), window: window)
        findings.versions = MergedAnalysis.versionComparison(system)
        let alerts = AlertEvaluator().evaluate(findings)
        #expect(alerts.map(\.type) == [.versionRegression])
        #expect(alerts.first?.modelVersion == "b")
        let summary = alerts.first?.summary ?? ""
        #expect(summary.hasPrefix("Version b is worse than the other versions: "), "\(summary)")
        #expect(summary.contains("error_rate") && summary.contains("latency_p95"), "\(summary)")
        #expect(findings.modelVersion == "a,b")
        #expect(AlertType.versionRegression.trendValue(findings) != nil)
    }

    @Test func judgeSumsTravelInTheSummaryAndRoundTrip() throws {
        var llm = LLMSummary()
        llm.requests = 3
        llm.qualitySum = ExactSum([3, 2.5])
        llm.qualityCount = 2
        llm.safetyFlags = 1
        llm.safetyJudged = 3
        var system = SystemSummary()
        system.llm = llm
        let sums = try #require(MergedAnalysis.llmQuality(system))
        #expect(sums.qualityMean == 2.75 && sums.safetyFlagRate == 1.0 / 3)
        let finding = LLMQualityRule().evaluate(sums)
        #expect(finding.failed == ["quality", "safety_flag"])
        let back = try LLMSummary(SummaryReader(llm.jsonValue, "llm"))
        #expect(back == llm)
        #expect(MergedAnalysis.llmQuality(SystemSummary()) == nil, "no judge fields, nothing to judge")
    }
}
