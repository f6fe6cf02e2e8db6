import Foundation
import Testing
@testable import DriftwatchCore
import DriftwatchSynthetic

/// The demo's synthetic traffic (20 numeric + 3 categorical + 1 boolean feature) against the
/// shipped fraud-detector reference: 40 sub-window summaries of 250 events merge into exactly the
/// summary of the 10,000-event window, and the model-window statistics agree with the feature
/// profiler's over the same events. Prints summary sizes and merge/analysis times.
@Suite struct WindowSummaryDemoTrafficTests {
    static let reference: ModelReference = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("pipelines/references/fraud-detector.json")
        do {
            let profile = try ReferenceProfile.load(from: Data(contentsOf: url), source: url.path)
            return ModelReference(profile.prepared())
        } catch {
            fatalError("cannot load \(url.path): \(error)")
        }
    }()

    /// Events [start, start + count) of drifting traffic as one closed window, decoded with the
    /// window's own decoder (as its partition's processor would).
    static func window(start: Int, count: Int, index: Int) -> (ClosedWindow, SymbolTable) {
        let traffic = SyntheticTraffic(seed: 42, driftAt: 5_000)
        let decoder = EventDecoder()
        var buffer = WindowBuffer(capacity: count)
        var event = PredictionEvent()
        for i in start..<(start + count) {
            try! decoder.decode(traffic.event(at: i), into: &event)
            buffer.append(event, offset: Int64(i), timeMs: Double(traffic.timestampMs(at: i)))
        }
        let info = WindowInfo(topic: "predictions", partition: 0, startOffset: Int64(start),
                              endOffset: Int64(start + count - 1), events: count, index: index,
                              startTimeMs: buffer.startTimeMs, endTimeMs: buffer.endTimeMs, partial: false)
        let key = WindowKey(topic: "predictions", partition: 0, model: event.modelID)
        return (ClosedWindow(key: key, info: info, buffer: buffer), decoder.symbols)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @Test func subWindowSummariesMergeIntoTheWindowSummary() throws {
        let clock = ContinuousClock()
        let settings = StageSettings()
        var start = clock.now
        let bins = SummaryReference(reference: Self.reference)
        let prepare = clock.now - start

        let (whole, wholeSymbols) = Self.window(start: 0, count: 10_000, index: 0)
        start = clock.now
        let full = WindowSummary(window: whole, reference: bins, symbols: wholeSymbols, modelID: "fraud-detector", settings: settings)
        let build = clock.now - start
        start = clock.now
        let fullBytes = full.jsonBytes
        let encode = clock.now - start

        var parts: [WindowSummary] = []
        var partBytes: [Int] = []
        for k in 0..<40 {
            let (w, symbols) = Self.window(start: k * 250, count: 250, index: k)
            let s = WindowSummary(window: w, reference: bins, symbols: symbols, modelID: "fraud-detector", settings: settings)
            partBytes.append(s.jsonBytes.count)
            parts.append(s)
        }
        start = clock.now
        let decoded = try parts.map { s in try s.jsonBytes.withUnsafeBytes { try WindowSummary(jsonBytes: $0) } }
        let parse = clock.now - start
        #expect(decoded == parts)
        start = clock.now
        var merged = decoded[0]
        for s in decoded.dropFirst() { merged.merge(s) }
        let merge = clock.now - start
        // Exactly the 10,000-event window's summary (identity fields aside, which match too).
        #expect(merged == full)

        start = clock.now
        let (report, findings) = MergedAnalysis.analyze(merged, reference: Self.reference, summaryReference: bins,
                                                        settings: settings, window: whole.info)
        let analyze = clock.now - start
        let reportBytes = report.encodedBytes().count

        // The feature profiler over the raw window: exact statistics equal, bounded ones within bounds.
        start = clock.now
        let (profile, profiled) = FeatureProfiler(reference: Self.reference, settings: settings)
            .analyze(whole, modelVersion: nil, symbols: wholeSymbols)
        let profiler = clock.now - start
        for (name, _) in Self.reference.features {
            let m = try #require(report["features"]?[name]), p = try #require(profile["features"]?[name])
            for key in ["psi", "js_distance", "chi2_statistic", "chi2_pvalue", "count", "missing"] {
                #expect(m[key] == p[key], "\(name).\(key): merged \(String(describing: m[key])) vs profiler \(String(describing: p[key]))")
            }
            if let d = p["ks_statistic"]?.doubleValue, let w = p["wasserstein"]?.doubleValue {
                let ksBound = try #require(m["ks_bound"]?.doubleValue), wBound = try #require(m["wasserstein_bound"]?.doubleValue)
                #expect(abs((m["ks_statistic"]?.doubleValue ?? .nan) - d) <= ksBound + 1e-15, "\(name) KS")
                #expect(abs((m["wasserstein"]?.doubleValue ?? .nan) - w) <= wBound + 1e-12 * w, "\(name) W1")
                let mean = try #require(p["mean"]?.doubleValue), std = try #require(p["std"]?.doubleValue)
                #expect(abs((m["mean"]?.doubleValue ?? .nan) - mean) <= 1e-12 * abs(mean), "\(name) mean")
                #expect(abs((m["std"]?.doubleValue ?? .nan) - std) <= 1e-10 * std, "\(name) std")
            }
        }
        #expect(report["drift_share"] == profile["drift_share"] || findings.driftShare == profiled.driftShare)
        #expect(findings.dataQuality?.missingRate == profiled.missingRate)
        #expect(findings.dataQuality?.unexpectedFeatures == profiled.unexpectedFeatures)
        #expect(findings.system?.events == 10_000)
        // Inline labels: the same metrics as ClassificationMetrics over the window's labelled events.
        let pairs = whole.buffer.labelledOutcomes
        let direct = ClassificationMetrics(
            labels: pairs.map { StageReport.className($0.label, wholeSymbols) },
            predictions: pairs.map { StageReport.className($0.prediction, wholeSymbols) },
            scores: pairs.map { $0.score ?? .nan })
        let performance = try #require(report["performance"])
        #expect(performance["labelled"]?.doubleValue == Double(pairs.count))
        #expect(performance["accuracy"]?.doubleValue == direct.accuracy)
        #expect(performance["f1"]?.doubleValue == direct.f1)
        #expect(abs((performance["auc"]?.doubleValue ?? .nan) - direct.auc) <= 1e-12)
        #expect(findings.performance?.labelled == pairs.count)

        let sorted = partBytes.sorted()
        print("summary-size: 10,000-event window \(fullBytes.count) bytes; 250-event sub-window median "
              + "\(sorted[20]) max \(sorted.last!) bytes (40 of them: \(partBytes.reduce(0, +)) bytes); "
              + "model report \(reportBytes) bytes; fine bins per numeric feature \(bins.features.values.map(\.count).min()!)"
              + "...\(bins.features.values.map(\.count).max()!)")
        print("summary-time (debug build): prepare SummaryReference \(Self.seconds(prepare)) s; build 10k summary "
              + "\(Self.seconds(build)) s; encode it \(Self.seconds(encode)) s; parse 40 summaries \(Self.seconds(parse)) s; merge 40 \(Self.seconds(merge)) s; "
              + "analyze merged \(Self.seconds(analyze)) s (FeatureProfiler alone on the raw window: \(Self.seconds(profiler)) s)")
    }
}
