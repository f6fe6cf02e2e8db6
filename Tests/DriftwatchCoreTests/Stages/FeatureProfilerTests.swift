import Testing
@testable import DriftwatchCore

@Suite struct FeatureProfilerTests {
    let symbols = SymbolTable()

    static func reference() -> ModelReference {
        ModelReference(
            modelID: "m",
            features: [
                ("x", .numeric(NumericReference(values: (0..<1_000).map { Double($0 % 100) }))),
                ("c", .categorical(CategoricalReference(counts: ["a": 500, "b": 500]))),
            ],
            prediction: nil, score: nil, label: nil, baseline: .init())
    }

    func window(events: Int, shift: Double, aShare: Double) -> ClosedWindow {
        var buffer = WindowBuffer(capacity: events)
        let x = symbols.symbol(for: "x"), c = symbols.symbol(for: "c"), z = symbols.symbol(for: "z")
        let a = symbols.symbol(for: "a"), b = symbols.symbol(for: "b")
        for i in 0..<events {
            var e = PredictionEvent()
            e.modelID = symbols.symbol(for: "m")
            e.features = [
                FeatureEntry(name: x, value: i % 50 == 0 ? .missing : .number(Double(i % 100) + shift)),
                FeatureEntry(name: c, value: .category(Double(i % 100) < aShare * 100 ? a : b)),
                FeatureEntry(name: z, value: .number(1)),
            ]
            buffer.append(e, offset: Int64(i), timeMs: Double(i))
        }
        let info = WindowInfo(topic: "p", partition: 0, startOffset: 0, endOffset: Int64(events - 1), events: events,
                              index: 0, startTimeMs: 0, endTimeMs: Double(events - 1), partial: false)
        return ClosedWindow(key: WindowKey(topic: "p", partition: 0, model: symbols.symbol(for: "m")), info: info, buffer: buffer)
    }

    @Test func driftAndDataQualityPerFeature() {
        var settings = StageSettings()
        settings.minEvents = 100
        let profiler = FeatureProfiler(reference: Self.reference(), settings: settings)
        let (report, findings) = profiler.analyze(window(events: 1_000, shift: 30, aShare: 0.5), modelVersion: nil, symbols: symbols)
        #expect(findings.tested)
        #expect(findings.features.map(\.name) == ["c", "x"])
        #expect(findings.features.first { $0.name == "x" }?.severity == .critical)
        #expect(findings.features.first { $0.name == "c" }?.severity == Severity.none)
        #expect(findings.driftShare == 0.5)
        #expect(findings.unexpectedFeatures == ["z"])
        #expect(abs(findings.missingRate - 10.0 / 1_000 / 1) < 0.011)
        #expect(report["features"]?["x"]?["missing"]?.doubleValue == 20)
        #expect(report["features"]?["x"]?["ks_pvalue"]?.doubleValue ?? 1 < 0.001)
        #expect(report["features"]?["c"]?["distinct"]?.doubleValue == 2)
        #expect(report["data_quality"]?["unexpected_features"]?.arrayValue?.first?.stringValue == "z")
    }

    @Test func belowMinEventsNoDriftTests() {
        var settings = StageSettings()
        settings.minEvents = 2_000
        let profiler = FeatureProfiler(reference: Self.reference(), settings: settings)
        let (report, findings) = profiler.analyze(window(events: 500, shift: 30, aShare: 0.9), modelVersion: "v1", symbols: symbols)
        #expect(!findings.tested)
        #expect(findings.drifted.isEmpty)
        #expect(report["drift_tests"]?.stringValue?.contains("fewer than window.min_events 2000") == true)
        #expect(report["features"]?["x"]?["psi"] == nil)
        #expect(report["features"]?["x"]?["mean"] != nil)
        #expect(report["model_version"]?.stringValue == "v1")
    }
}
