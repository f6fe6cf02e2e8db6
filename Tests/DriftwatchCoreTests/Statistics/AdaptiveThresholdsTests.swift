import Foundation
import Testing
@testable import DriftwatchCore

/// Tests/Reference/adaptive_vectors.json, from Tests/Reference/generate_adaptive_vectors.py.
struct AdaptiveVectors: Decodable {
    struct Case: Decodable {
        var name: String
        var reference: [Double]
        var chunk_size: Int
        var method: String
        /// "whole" or "rest" (absent in older vectors: "whole").
        var baseline: String?
        var chunk_values: [Double]
        var mean: Double, std: Double, warning: Double, critical: Double
    }
    var cases: [Case]

    static let shared: AdaptiveVectors = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/adaptive_vectors.json")
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(AdaptiveVectors.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load \(url.path): \(error)")
        }
    }()
}

@Suite("Adaptive thresholds against numpy")
struct AdaptiveThresholdsTests {
    @Test(arguments: AdaptiveVectors.shared.cases.map(\.name))
    func matchesNumpy(_ name: String) throws {
        let v = try #require(AdaptiveVectors.shared.cases.first { $0.name == name })
        let method = try #require(DriftMethod(rawValue: v.method))
        let baseline = try #require(AdaptiveBaseline(rawValue: v.baseline ?? "whole"))
        let result = adaptiveThresholds(reference: v.reference, chunkSize: v.chunk_size, method: method, baseline: baseline)
        guard v.chunk_values.count >= 2 else {
            #expect(result == nil, "fewer than two chunks have no spread")
            return
        }
        let r = try #require(result)
        #expect(r.chunkValues.count == v.chunk_values.count)
        for (a, e) in zip(r.chunkValues, v.chunk_values) {
            #expect(close(a, e, abs: 1e-12, rel: 1e-9), "chunk \(a) vs \(e)")
        }
        #expect(close(r.mean, v.mean, abs: 1e-12, rel: 1e-9), "mean \(r.mean) vs \(v.mean)")
        #expect(close(r.standardDeviation, v.std, abs: 1e-12, rel: 1e-9), "std \(r.standardDeviation) vs \(v.std)")
        #expect(close(r.warning, v.warning, abs: 1e-12, rel: 1e-9), "warning \(r.warning) vs \(v.warning)")
        #expect(close(r.critical, v.critical, abs: 1e-12, rel: 1e-9), "critical \(r.critical) vs \(v.critical)")
    }

    /// The several-methods form gives each method exactly the one-method numbers.
    @Test func severalMethodsAtOnceEqualOneCallEach() throws {
        for v in AdaptiveVectors.shared.cases where v.chunk_values.count >= 2 {
            let baseline = try #require(AdaptiveBaseline(rawValue: v.baseline ?? "whole"))
            let all = adaptiveThresholds(reference: v.reference, chunkSize: v.chunk_size,
                                         methods: [.psi, .wasserstein, .js, .ks], baseline: baseline)
            #expect(all[.ks] == nil)
            for method in [DriftMethod.psi, .wasserstein, .js] {
                #expect(all[method] == adaptiveThresholds(reference: v.reference, chunkSize: v.chunk_size,
                                                          method: method, baseline: baseline), "\(v.name) \(method)")
            }
        }
    }

    @Test func pValueMethodsAndBadSizesHaveNoAdaptiveThresholds() {
        let values = (0..<1_000).map { Double($0 % 97) }
        #expect(adaptiveThresholds(reference: values, chunkSize: 100, method: .ks) == nil)
        #expect(adaptiveThresholds(reference: values, chunkSize: 100, method: .chi2) == nil)
        #expect(adaptiveThresholds(reference: values, chunkSize: 0) == nil)
        #expect(adaptiveThresholds(reference: [], chunkSize: 10) == nil)
        #expect(adaptiveThresholds(reference: values, chunkSize: 600) == nil, "one complete chunk")
    }

    /// A stable reference gets thresholds near its own noise; a chunk of a shifted stream exceeds them.
    @Test func thresholdsSeparateNoiseFromDrift() throws {
        var rng = SplitMix64(seed: 42)
        let reference = (0..<10_000).map { _ in rng.normal(mean: 0, sd: 1) }
        let t = try #require(adaptiveThresholds(reference: reference, chunkSize: 1_000))
        #expect(t.warning < t.critical && t.warning < 0.1, "below the fixed 0.1 on 1,000-row chunks: \(t)")
        let shifted = (0..<1_000).map { _ in rng.normal(mean: 0.5, sd: 1) }
        let psi = numericDrift(reference: NumericReference(values: reference), current: shifted).psi
        #expect(decide(method: .psi, value: psi, thresholds: t.driftThresholds) == .critical, "psi \(psi) vs \(t)")
    }
}
