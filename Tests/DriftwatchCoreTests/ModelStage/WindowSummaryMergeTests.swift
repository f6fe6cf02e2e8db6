import Testing
@testable import DriftwatchCore

/// Summaries of the chunks of Tests/Reference/merge_vectors.json, merged, against scipy over the
/// union of the chunks. PSI, JS and chi-square are bit-identical to the Swift functions over the
/// raw union (same integer counts into the same function) and within 1e-12 of scipy; KS and W1
/// within the bounds the summary states.
@Suite struct WindowSummaryMergeTests {
    let vectors = MergeVectors.shared
    let reference: ModelReference
    let bins: SummaryReference
    let settings: StageSettings
    let chunks: [WindowSummary]

    init() {
        let v = MergeVectors.shared
        reference = v.modelReference
        let b = SummaryReference(reference: reference)
        bins = b
        var s = StageSettings()
        s.minEvents = 1
        settings = s
        chunks = (0..<v.chunk_sizes.count).map { v.summary(chunk: $0, reference: b, settings: s) }
    }

    /// 0 + 1 + 2 + 3 in order.
    var mergedInOrder: WindowSummary {
        var m = chunks[0]
        for c in chunks.dropFirst() { m.merge(c) }
        return m
    }

    /// (3 + 1) + (2 + 0): another order and another grouping.
    var mergedAsTree: WindowSummary {
        var a = chunks[3]
        a.merge(chunks[1])
        var b = chunks[2]
        b.merge(chunks[0])
        a.merge(b)
        return a
    }

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        a == b || abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test func mergeOrderDoesNotMatter() {
        var a = mergedInOrder, b = mergedAsTree
        // Identity fields describe the union loosely; content must be identical.
        b.partition = a.partition
        b.topic = a.topic
        #expect(a == b)
        #expect(a.jsonBytes == b.jsonBytes)
        a.merge(WindowSummary(modelID: "m", topic: "predictions", partition: 0, index: 0, startOffset: 0, endOffset: 0,
                              events: 0, startTimeMs: .infinity, endTimeMs: -.infinity, partial: false,
                              referenceVersion: bins.version))
        #expect(a.features == b.features, "merging an empty summary changes nothing")
        #expect(a.events == vectors.chunk_sizes.reduce(0, +))
    }

    @Test(arguments: [0, 1, 2, 3])
    func numericStatisticsMatchScipyOverTheUnion(column: Int) throws {
        let v = vectors.numeric[column]
        let merged = mergedInOrder
        guard case .numeric(let c)? = merged.features[v.name], case .numeric(let ref)? = reference.features.first(where: { $0.name == v.name })?.distribution else {
            Issue.record("no numeric column \(v.name)")
            return
        }
        let fine = try #require(bins.features[v.name])
        let binned = c.drift(fine: fine, reference: ref)
        let d = binned.drift
        let union = v.chunks.flatMap { $0.compactMap { $0 } }
        // Exact: the same integer counts as the union's, so bit-equal to the direct computation.
        #expect(fine.decileCounts(c.bins) == v.union_bins)
        #expect(ref.binCounts == v.reference_bins)
        let direct = numericDrift(reference: ref, current: union)
        #expect(d.psi == direct.psi)
        #expect(d.jsDistance == direct.jsDistance)
        #expect(Self.close(d.psi, v.psi), "psi \(d.psi) vs scipy \(v.psi)")
        #expect(Self.close(d.jsDistance, v.js), "js \(d.jsDistance) vs scipy \(v.js)")
        // Bounded: KS and W1 from the fine bins.
        #expect(abs(d.ksStatistic - v.ks_statistic) <= binned.ksBound + 1e-15,
                "\(v.name) D \(d.ksStatistic) vs scipy \(v.ks_statistic), bound \(binned.ksBound)")
        #expect(binned.ksBound <= 2.0 / Double(bins.bins) + 1e-12, "\(v.name) ks bound \(binned.ksBound)")
        #expect(abs(d.wasserstein - v.wasserstein) <= binned.wassersteinBound + 1e-12 * v.wasserstein,
                "\(v.name) W1 \(d.wasserstein) vs scipy \(v.wasserstein), bound \(binned.wassersteinBound)")
        let range = (ref.sorted.last ?? 0) - (ref.sorted.first ?? 0)
        #expect(binned.wassersteinBound <= 2 * range / Double(bins.bins) + 1e-12, "\(v.name) W1 bound \(binned.wassersteinBound)")
        #expect(c.count == union.count)
        #expect(Self.close(c.mean, v.mean), "mean \(c.mean) vs numpy \(v.mean)")
        #expect(Self.close(c.populationStandardDeviation, v.std, relative: 1e-11), "std \(c.populationStandardDeviation) vs numpy \(v.std)")
        #expect(c.min == union.min() && c.max == union.max())
        print("merge-vectors \(v.name): D \(d.ksStatistic) (scipy \(v.ks_statistic), bound \(binned.ksBound)); "
              + "W1 \(d.wasserstein) (scipy \(v.wasserstein), bound \(binned.wassersteinBound)); fine bins \(fine.count)")
    }

    @Test func categoricalStatisticsMatchScipyOverTheUnion() {
        let v = vectors.categorical[0]
        guard case .categorical(let c)? = mergedInOrder.features[v.name],
              case .categorical(let ref)? = reference.features.first(where: { $0.name == v.name })?.distribution else {
            Issue.record("no categorical column")
            return
        }
        var union: [String: Int] = [:]
        for chunk in v.chunks { for x in chunk { union[x, default: 0] += 1 } }
        #expect(c.counts == union)
        let d = categoricalDrift(reference: ref, current: c.counts)
        #expect(d.categories == v.categories)
        #expect(d.newCategories == ["x", "y"])
        #expect(Self.close(d.psi, v.psi), "psi \(d.psi) vs \(v.psi)")
        #expect(Self.close(d.jsDistance, v.js), "js \(d.jsDistance) vs \(v.js)")
        #expect(Self.close(d.chi2Statistic, v.chi2_statistic), "chi2 \(d.chi2Statistic) vs \(v.chi2_statistic)")
        #expect(abs(d.chi2PValue - v.chi2_pvalue) <= 1e-12)
    }

    @Test func latencyPercentilesWithinOnePercent() {
        let v = vectors.latency
        let h = mergedAsTree.system.latency
        #expect(h.count == vectors.chunk_sizes.reduce(0, +))
        for (q, expected) in [(50.0, v.p50), (95, v.p95), (99, v.p99)] {
            #expect(abs(h.percentile(q) - expected) <= 0.01 * expected, "p\(q) \(h.percentile(q)) vs numpy \(expected)")
        }
        #expect(h.max == v.max)
        #expect(Self.close(h.mean, v.mean))
        #expect(mergedAsTree.system.versions["v2"]?.events == vectors.chunk_sizes.map { ($0 + 9) / 10 }.reduce(0, +))
    }

    @Test func mergedReportAndFindings() throws {
        let merged = mergedInOrder
        let info = WindowInfo(topic: "predictions", partition: 0, startOffset: 0, endOffset: 0, events: merged.events,
                              index: 0, startTimeMs: merged.startTimeMs, endTimeMs: merged.endTimeMs, partial: false)
        let (report, findings) = MergedAnalysis.analyze(merged, reference: reference, summaryReference: bins,
                                                        settings: settings, window: info)
        #expect(report["stage"]?.stringValue == "model")
        let normal = try #require(report["features"]?["normal"])
        #expect(normal["psi"]?.doubleValue == vectors.numeric[0].psi || Self.close(normal["psi"]?.doubleValue ?? 0, vectors.numeric[0].psi))
        #expect(normal["ks_bound"]?.doubleValue != nil && normal["wasserstein_bound"]?.doubleValue != nil)
        #expect(normal["quantiles_approximate"]?.boolValue == true)
        #expect(report["features"]?["category"]?["new_categories"]?.arrayValue?.count == 2)
        let features = try #require(findings.features)
        #expect(features.map(\.feature) == ["category", "constant", "integer", "normal", "skewed"])
        #expect(features.first { $0.feature == "category" }?.severity == .critical)
        #expect(findings.system?.events == merged.events)
        #expect(findings.dataQuality?.missingRate == 6.0 / Double(merged.events * 5))
        #expect(findings.prediction?.first?.feature == "prediction")
        // The demo traffic mixes v1 (90%) and v2: a mixed window names both (README "Versions").
        #expect(findings.modelVersion == "v1,v2")
    }
}
