import Testing
@testable import DriftwatchCore

/// The byte estimates behind `run`'s memory breakdown (issue 11) cover at least the arrays the
/// holders keep: reserved capacity included, nothing after a window closes.
@Suite struct ApproximateBytesTests {
    func event(_ i: Int, model: Int32 = 0) -> PredictionEvent {
        var e = PredictionEvent()
        e.modelID = Symbol(id: model)
        e.features = [
            FeatureEntry(name: Symbol(id: 3), value: .number(Double(i))),
            FeatureEntry(name: Symbol(id: 4), value: .number(Double(i) / 2)),
            FeatureEntry(name: Symbol(id: 5), value: .category(Symbol(id: Int32(6 + i % 4)))),
        ]
        e.prediction = .number(Double(i % 2))
        e.score = 0.5
        e.latencyMs = 12
        return e
    }

    @Test func windowOfTenThousandEventsReportsAtLeastItsArrays() {
        var buffer = WindowBuffer(capacity: 10_000)
        for i in 0..<10_000 { buffer.append(event(i), offset: Int64(i), timeMs: Double(i)) }
        // Two numeric features, scores, latencies and numeric predictions: 5 × 10,000 doubles.
        let arrays = 5 * 10_000 * MemoryLayout<Double>.stride
        #expect(buffer.approximateBytes >= arrays)
        // And not wildly more: the columns are the window's only large allocations.
        #expect(buffer.approximateBytes < 2 * arrays)
        // Reserved capacity is allocated before any event arrives: scores and latencies, then
        // each feature column as it appears.
        let empty = WindowBuffer(capacity: 10_000)
        #expect(empty.approximateBytes >= 2 * 10_000 * MemoryLayout<Double>.stride)
    }

    @Test func assignerCountsOpenWindowsOnly() {
        var assigner = WindowAssigner(topic: "p", partition: 0, trigger: WindowTrigger(size: 1_000))
        var closed: [ClosedWindow] = []
        #expect(assigner.openWindowBytes == 0)
        for i in 0..<1_500 { assigner.add(event(i, model: Int32(i % 2)), offset: Int64(i), timeMs: Double(i), closed: &closed) }
        // Two models' windows of 750 events open, none closed yet.
        #expect(closed.isEmpty)
        #expect(assigner.openWindowBytes >= 2 * 5 * 750 * MemoryLayout<Double>.stride)
        for i in 1_500..<2_000 { assigner.add(event(i, model: Int32(i % 2)), offset: Int64(i), timeMs: Double(i), closed: &closed) }
        #expect(closed.count == 2 && assigner.openWindowBytes == 0)
    }

    @Test func referenceReportsItsSortedSampleAndFineBins() {
        let values = (0..<10_000).map { Double($0 % 997) }
        let reference = ModelReference(
            modelID: "m", features: [("x", .numeric(NumericReference(values: values)))],
            prediction: nil, score: nil, label: nil, baseline: .init())
        #expect(reference.approximateBytes >= values.count * MemoryLayout<Double>.stride)
        let fine = SummaryReference(reference: reference)
        // 1,000 fine bins: edges, counts and integrals at least.
        #expect(fine.approximateBytes >= 3 * fine.features["x"]!.edges.count * 8)
        var summary = WindowSummary(modelID: "m", topic: "p", partition: 0, index: 0, startOffset: 0, endOffset: 9,
                                    events: 10, startTimeMs: 0, endTimeMs: 9, partial: false, referenceVersion: fine.version)
        summary.features["x"] = .numeric(NumericColumnSummary(binCount: fine.features["x"]!.count))
        #expect(summary.approximateBytes >= 2 * fine.features["x"]!.count * MemoryLayout<Int>.stride)
    }

    @Test func labelJoinEntriesCostAtLeastTheirEntries() {
        #expect(ArrivalOrderedMap<PendingPrediction>.approximateBytes(entries: 0) == 0)
        #expect(ArrivalOrderedMap<PendingPrediction>.approximateBytes(entries: 1_000)
            >= 1_000 * (MemoryLayout<PendingPrediction>.stride + MemoryLayout<String>.stride))
    }
}
