import Testing
@testable import DriftwatchCore

@Suite struct WindowAssignerTests {
    func event(model: Int32, x: Double, version: Int32 = 9) -> PredictionEvent {
        var e = PredictionEvent()
        e.modelID = Symbol(id: model)
        e.modelVersion = Symbol(id: version)
        e.features = [
            FeatureEntry(name: Symbol(id: 3), value: .number(x)),
            FeatureEntry(name: Symbol(id: 4), value: x > 5 ? .category(Symbol(id: 5)) : .missing),
        ]
        e.prediction = .number(x > 5 ? 1 : 0)
        e.score = x / 10
        e.latencyMs = x
        return e
    }

    @Test func closesAtSizePerModelWithOffsetsAndIndex() {
        var assigner = WindowAssigner(topic: "p", partition: 2, trigger: WindowTrigger(size: 3))
        var closed: [ClosedWindow] = []
        for i in 0..<10 {
            assigner.add(event(model: i % 2 == 0 ? 0 : 1, x: Double(i)), offset: Int64(100 + i),
                         timeMs: Double(i), closed: &closed)
        }
        #expect(closed.count == 2)
        #expect(closed[0].key.model == Symbol(id: 0))
        #expect(closed[0].info == WindowInfo(topic: "p", partition: 2, startOffset: 100, endOffset: 104,
                                             events: 3, index: 0, startTimeMs: 0, endTimeMs: 4, partial: false))
        #expect(closed[1].info.startOffset == 101 && closed[1].info.endOffset == 105)
        let column = closed[0].buffer.column(for: Symbol(id: 3))
        #expect(column?.numbers == [0, 2, 4])
        let category = closed[0].buffer.column(for: Symbol(id: 4))
        #expect(category?.nulls == 3 && category?.present == 3 && category?.categories.isEmpty == true)
        #expect(closed[0].buffer.scores == [0, 0.2, 0.4])
        #expect(closed[0].dominantVersion == Symbol(id: 9))
        // Model 0 has offsets 106, 108 open, model 1 has 107, 109 open.
        #expect(assigner.minOpenOffset == 106)
        #expect(assigner.openEvents == 4)
        for i in 10..<12 {
            assigner.add(event(model: 0, x: 1), offset: Int64(100 + i), timeMs: Double(i), closed: &closed)
        }
        #expect(closed.count == 3 && closed[2].info.index == 1)
        assigner.dropOpenWindows()
        #expect(assigner.minOpenOffset == nil)
    }

    @Test func maxAgeClosesIdleWindowsAsPartial() {
        var assigner = WindowAssigner(topic: "p", partition: 0,
                                      trigger: WindowTrigger(size: 100, maxAgeMs: 1_000))
        var closed: [ClosedWindow] = []
        assigner.add(event(model: 1, x: 1), offset: 0, timeMs: 0, closed: &closed)
        assigner.add(event(model: 0, x: 1), offset: 1, timeMs: 500, closed: &closed)
        assigner.add(event(model: 0, x: 1), offset: 2, timeMs: 999, closed: &closed)
        #expect(closed.isEmpty)
        // Model 1 has had no event for 1,000 ms: its window closes, partial.
        assigner.add(event(model: 0, x: 1), offset: 3, timeMs: 1_000, closed: &closed)
        #expect(closed.count == 1)
        #expect(closed[0].key.model == Symbol(id: 1) && closed[0].info.partial && closed[0].info.events == 1)
        // Model 0's window is older than the max age but not idle that long: it stays open.
        assigner.add(event(model: 0, x: 1), offset: 4, timeMs: 1_600, closed: &closed)
        #expect(closed.count == 1)
        // A gap of 1,100 ms closes it before the event that ends the gap opens the next one.
        assigner.add(event(model: 0, x: 1), offset: 5, timeMs: 2_700, closed: &closed)
        #expect(closed.count == 2 && closed[1].info.events == 4 && closed[1].info.endOffset == 4 && closed[1].info.partial)
        #expect(assigner.minOpenOffset == 5)
    }

    /// Steady traffic slower than the max age per window fills whole windows (issue 13: with the
    /// max age counted from a window's first event, every window of a slow model was partial).
    @Test func slowSteadyTrafficFillsWholeWindows() {
        var assigner = WindowAssigner(topic: "p", partition: 0,
                                      trigger: WindowTrigger(size: 50, maxAgeMs: 10_000))
        var closed: [ClosedWindow] = []
        for i in 0..<200 {  // one event every 3 s: a window spans 150 s, far beyond the max age
            assigner.add(event(model: 0, x: 1), offset: Int64(i), timeMs: Double(i) * 3_000, closed: &closed)
        }
        #expect(closed.count == 4)
        #expect(closed.allSatisfy { !$0.info.partial && $0.info.events == 50 })
    }

    @Test func sameInputSameWindows() {
        func run() -> [WindowInfo] {
            var a = WindowAssigner(topic: "t", partition: 1, trigger: WindowTrigger(size: 7, maxAgeMs: 50))
            var closed: [ClosedWindow] = []
            var state: UInt64 = 42
            for i in 0..<500 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let model = Int32(state >> 62)
                a.add(event(model: model, x: Double(i % 10)), offset: Int64(i),
                      timeMs: Double(i * 3), closed: &closed)
            }
            return closed.map(\.info)
        }
        let first = run()
        #expect(first.count > 50)
        #expect(first == run())
    }
}

@Suite struct LabelJoinTests {
    func pending(_ offset: Int64, time: Double) -> PendingPrediction {
        PendingPrediction(model: Symbol(id: 0), prediction: .number(1), score: 0.5, version: nil,
                          offset: offset, timeMs: time)
    }

    @Test func joinsByEventIDAndEvictsOldestBeyondBounds() {
        var join = LabelJoin(maxPending: 2, ttlMs: 1_000)
        join.add(eventID: "a", pending(0, time: 0))
        join.add(eventID: "b", pending(1, time: 10))
        #expect(join.minPendingOffset() == 0)
        join.add(eventID: "c", pending(2, time: 20))
        #expect(join.evicted == 1 && join.pendingCount == 2)
        #expect(join.match(eventID: "a", nowMs: 30) == nil)
        #expect(join.match(eventID: "b", nowMs: 30)?.offset == 1)
        #expect(join.minPendingOffset() == 2)
        #expect(join.match(eventID: "c", nowMs: 2_000) == nil)
        #expect(join.evicted == 2 && join.unmatchedLabels == 2 && join.joined == 1)
        #expect(join.minPendingOffset() == nil)
    }

    @Test func performanceWindowClosesAtSizePairs() {
        var assigner = PerformanceAssigner(topic: "p", partition: 0, size: 2)
        var closed: [ClosedPerformanceWindow] = []
        for i in 0..<5 {
            let pair = LabelledPair(prediction: .number(1), label: .number(Double(i % 2)), score: 0.3,
                                    version: nil, predictionOffset: Int64(10 - i),
                                    labelOffset: i == 1 ? 7 : nil, timeMs: Double(i))
            assigner.add(pair, model: Symbol(id: 0), closed: &closed)
        }
        #expect(closed.count == 2)
        #expect(closed[0].info.startOffset == 9 && closed[0].info.endOffset == 10)
        #expect(closed[0].buffer.minLabelOffset == 7)
        #expect(closed[1].info.index == 1 && closed[1].buffer.minLabelOffset == nil)
        #expect(assigner.minOpenPredictionOffset == 6)
    }
}
