import Testing
@testable import DriftwatchCore

/// The model-window analysis fills reports and findings as the three stages do, including data
/// quality (nulls, absent keys, type errors, unexpected features) and the no-reference case.
@Suite struct MergedAnalysisTests {
    static let reference = ModelReference(
        modelID: "m",
        features: [
            ("x", .numeric(NumericReference(values: (0..<1_000).map { Double($0 % 100) }))),
            ("c", .categorical(CategoricalReference(counts: ["a": 500, "b": 500]))),
            ("gone", .numeric(NumericReference(values: [1, 2, 3]))),
        ],
        prediction: .numeric(NumericReference(values: (0..<1_000).map { Double($0 % 2) })),
        score: NumericReference(values: (0..<1_000).map { Double($0) / 1_000 }), label: nil, baseline: .init())

    /// Events with nulls, absent keys, a category in the numeric feature, a number in the
    /// categorical one and an unexpected feature.
    static func window(start: Int, events: Int, symbols: SymbolTable) -> ClosedWindow {
        var buffer = WindowBuffer(capacity: events)
        let x = symbols.symbol(for: "x"), c = symbols.symbol(for: "c"), z = symbols.symbol(for: "z")
        for i in start..<(start + events) {
            var e = PredictionEvent()
            e.modelID = symbols.symbol(for: "m")
            var f: [FeatureEntry] = []
            if i % 7 != 0 { f.append(FeatureEntry(name: x, value: i % 50 == 0 ? .missing : (i % 97 == 0 ? .category(symbols.symbol(for: "oops")) : .number(Double(i % 100) + 20)))) }
            f.append(FeatureEntry(name: c, value: i % 31 == 0 ? .number(3) : .category(symbols.symbol(for: i % 3 == 0 ? "a" : "b"))))
            if i % 11 == 0 { f.append(FeatureEntry(name: z, value: .number(1))) }
            e.features = f
            e.prediction = .number(Double(i % 2))
            e.score = Double(i % 1_000) / 1_000
            e.latencyMs = Double(10 + i % 90)
            buffer.append(e, offset: Int64(i), timeMs: Double(i))
        }
        let info = WindowInfo(topic: "p", partition: 0, startOffset: Int64(start), endOffset: Int64(start + events - 1),
                              events: events, index: 0, startTimeMs: Double(start), endTimeMs: Double(start + events - 1), partial: false)
        return ClosedWindow(key: WindowKey(topic: "p", partition: 0, model: symbols.symbol(for: "m")), info: info, buffer: buffer)
    }

    @Test func dataQualityAndVerdictsMatchTheStages() throws {
        var settings = StageSettings()
        settings.minEvents = 100
        let bins = SummaryReference(reference: Self.reference)
        var merged: WindowSummary?
        for k in 0..<3 {
            let symbols = SymbolTable()
            let s = WindowSummary(window: Self.window(start: k * 400, events: 400, symbols: symbols), reference: bins,
                                  symbols: symbols, modelID: "m", settings: settings)
            if merged == nil { merged = s } else { merged!.merge(s) }
        }
        let symbols = SymbolTable()
        let whole = Self.window(start: 0, events: 1_200, symbols: symbols)
        let (report, findings) = MergedAnalysis.analyze(try #require(merged), reference: Self.reference, summaryReference: bins,
                                                        settings: settings, window: whole.info, required: ["x"])
        let (profile, profiled) = FeatureProfiler(reference: Self.reference, settings: settings)
            .analyze(whole, modelVersion: nil, symbols: symbols)
        #expect(report["data_quality"] == profile["data_quality"])
        #expect(findings.dataQuality?.missingRate == profiled.missingRate)
        #expect(findings.dataQuality?.typeErrorRate == profiled.typeErrorRate)
        #expect(findings.dataQuality?.missingFeatures == ["gone"])
        #expect(findings.dataQuality?.unexpectedFeatures == ["z"])
        #expect(findings.dataQuality?.required == profiled.problems.filter { $0.feature == "x" })
        #expect(findings.features?.map(\.severity) == profiled.features.map(\.severity))
        #expect(findings.features?.map(\.feature) == profiled.features.map(\.name))
        for name in ["x", "c", "gone"] {
            for key in ["count", "missing", "psi", "js_distance", "chi2_pvalue", "distinct", "top", "new_categories", "severity"] {
                #expect(report["features"]?[name]?[key] == profile["features"]?[name]?[key], "\(name).\(key)")
            }
        }
        // Prediction (a classifier's 0/1 outputs compared as classes) and score, as the monitor does.
        let (monitorReport, monitored) = PredictionMonitor(reference: Self.reference, settings: settings)
            .analyze(whole, modelVersion: nil, symbols: symbols)
        #expect(report["prediction"] == monitorReport["prediction"])
        #expect(report["score"]?["psi"] == monitorReport["score"]?["psi"])
        #expect(findings.prediction?.first?.severity == monitored.predictionSeverity)
        #expect(findings.prediction?.last?.value == monitored.scoreValue)
        // System: exact counts, percentiles within 1%.
        let (systemReport, system) = SystemLogger(modelID: "m", settings: settings).analyze(whole, modelVersion: nil, symbols: symbols)
        #expect(findings.system?.events == system.events && findings.system?.errors == system.errors)
        let p99 = try #require(findings.system?.latencyP99Ms)
        #expect(abs(p99 - system.latencyP99) <= 0.01 * system.latencyP99)
        #expect(report["system"]?["versions"]?["unknown"]?["events"] == systemReport["versions"]?["unknown"]?["events"])
    }

    @Test func withoutReferenceOnlyTheSystemBlock() throws {
        let symbols = SymbolTable()
        let w = Self.window(start: 0, events: 50, symbols: symbols)
        let s = WindowSummary(window: w, reference: nil, symbols: symbols, modelID: "m", settings: StageSettings())
        #expect(s.features.isEmpty && s.prediction == nil && s.referenceVersion == "none")
        #expect(try s.jsonBytes.withUnsafeBytes { try WindowSummary(jsonBytes: $0) } == s)
        let (report, findings) = MergedAnalysis.analyze(s, reference: nil, summaryReference: nil, settings: StageSettings(),
                                                        window: w.info)
        #expect(report["features"] == nil && findings.features == nil && findings.dataQuality == nil)
        #expect(report["system"]?["events"]?.doubleValue == 50)
        #expect(findings.system?.events == 50)
    }
}
