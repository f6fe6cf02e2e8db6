import Testing
@testable import DriftwatchCore

@Suite struct ModelWindowAssemblerTests {
    typealias F = ModelStageFixtures
    typealias Assembler = ModelWindowAssembler<TestSummary>

    /// Feeds a delivery (position = index) and finishes.
    func assemble(_ delivery: Delivery, windowSize: Int, partitions: Int) -> [ClosedModelWindow<TestSummary>] {
        var assembler = Assembler(windowSize: windowSize, partitionCount: partitions)
        var closed: [ClosedModelWindow<TestSummary>] = []
        for (position, summary) in delivery.enumerated() {
            closed += assembler.add(summary, position: Int64(position))
        }
        return closed + assembler.finish()
    }

    @Test(arguments: [1, 3, 8, 12])
    func sameWindowsWhateverTheInterleaving(partitions: Int) {
        let sequences = F.sequences(partitions: partitions, windowSize: 1_000, perPartition: 30, seed: UInt64(partitions))
        let baseline = assemble(F.interleave(sequences, seed: nil), windowSize: 1_000, partitions: partitions)
        #expect(baseline.count >= 10)
        for seed in UInt64(1)...25 {
            let delivery = F.interleave(sequences, seed: seed * 7_919, duplicates: 0.2)
            if partitions > 1 { #expect(delivery.count > sequences.joined().count) }  // duplicates present
            let windows = assemble(delivery, windowSize: 1_000, partitions: partitions)
            #expect(windows == baseline, "interleaving seed \(seed) gave other windows")
        }
        // Duplicates merged once: every partition window exactly once over all model windows.
        let merged = baseline.flatMap(\.merged.mergedIDs)
        #expect(merged.count == sequences.joined().count)
        #expect(Set(merged).count == merged.count)
        #expect(merged == baseline.flatMap(\.parts).map { "fraud:\($0.partition):\($0.index)" })
    }

    @Test(arguments: [1, 3, 8, 12])
    func windowsCloseAtTheSizeInMergeOrder(partitions: Int) throws {
        let size = 1_000
        let sequences = F.sequences(partitions: partitions, windowSize: size, perPartition: 20, seed: 42)
        let windows = assemble(F.interleave(sequences, seed: 5), windowSize: size, partitions: partitions)
        let last = try #require(windows.last)
        for (k, window) in windows.enumerated() {
            #expect(window.index == k)
            #expect(window.info.index == k)
            #expect(window.info.idComponent == "predictions:model-\(k)")
            #expect(window.merged.events == window.parts.reduce(0) { $0 + $1.events })
            #expect(window.info.events == window.merged.events)
            #expect(window.info.startTimeMs == window.parts.map(\.startTimeMs).min())
            #expect(window.info.endTimeMs == window.parts.map(\.endTimeMs).max())
            let spans = try #require(window.info.partitions)
            #expect(spans.map(\.partition) == Set(window.parts.map(\.partition)).sorted())
            #expect(spans.reduce(0) { $0 + $1.events } == window.merged.events)
            if k < windows.count - 1 {
                // Closed at the first merge that reached the size.
                #expect(window.merged.events >= size)
                #expect(window.merged.events - window.parts.last!.events < size)
                #expect(!window.partial && !window.info.partial)
            }
        }
        // Sequences are in time order per partition, so the merge is in (end time, partition, index) order.
        let parts = windows.flatMap(\.parts)
        #expect(zip(parts, parts.dropFirst()).allSatisfy { SubWindow.precedes($0, $1) })
        // Only finish() closes a window short of the size, and only the last one.
        #expect(last.partial == (last.merged.events < size))
        #expect(last.info.partial == last.partial)
    }

    @Test func finishWithoutASummaryClosesNothing() {
        var assembler = Assembler(windowSize: 100, partitionCount: 4)
        #expect(assembler.finish().isEmpty)
        #expect(assembler.minHeldPosition == nil)
        #expect(assembler.windowIndex == 0)
    }

    /// A 100-event partition window of partition `p` ending at minute `minute`.
    func summary(_ p: Int32, _ i: Int, minute: Double, events: Int = 100) -> TestSummary {
        TestSummary(modelID: "fraud", partition: p, index: i, startOffset: Int64(i * events),
                    endOffset: Int64(i * events + events - 1), events: events,
                    startTimeMs: F.start + (minute - 1) * F.minuteMs, endTimeMs: F.start + minute * F.minuteMs,
                    drifted: 0, errors: 0, mergedIDs: ["\(p):\(i)"])
    }

    @Test func anIdlePartitionHoldsWindowsUntilExcludedAndRejoinsWithItsNextSummary() {
        var assembler = Assembler(windowSize: 300, partitionCount: 3)
        var position: Int64 = 0
        func feed(_ summary: TestSummary) -> [ClosedModelWindow<TestSummary>] {
            defer { position += 1 }
            return assembler.add(summary, position: position)
        }
        // Partitions 0 and 1 every ten minutes; partition 2 is silent: nothing closes, all is held.
        var closed: [ClosedModelWindow<TestSummary>] = []
        for i in 0..<6 { closed += feed(summary(0, i, minute: Double(10 * i + 1))) }
        for i in 0..<6 { closed += feed(summary(1, i, minute: Double(10 * i + 2))) }
        #expect(closed.isEmpty)
        #expect(assembler.waitingOn == [2])
        #expect(assembler.minHeldPosition == 0)
        // Excluded after max_age: the queued windows of partitions 0 and 1 merge in time order
        // until partition 0 runs dry (it is still active).
        let released = assembler.exclude(partition: 2)
        #expect(released.map { $0.merged.mergedIDs } == [["0:0", "1:0", "0:1"], ["1:1", "0:2", "1:2"], ["0:3", "1:3", "0:4"]])
        #expect(released.allSatisfy { $0.info.partitions?.map(\.partition) == [0, 1] })
        #expect(assembler.excludedPartitions == [2])
        #expect(assembler.openEvents == 200)  // 1:4 and 0:5
        #expect(assembler.minHeldPosition == 5)  // 0:5, delivered at position 5
        #expect(assembler.waitingOn == [0])
        // Partition 2 speaks again (minute 65): active again, and windows wait for it once more.
        #expect(feed(summary(2, 0, minute: 65)).isEmpty)
        #expect(assembler.excludedPartitions.isEmpty)
        let afterRejoin = (6..<12).flatMap { feed(summary(0, $0, minute: Double(10 * $0 + 1))) }
        #expect(afterRejoin.map(\.merged.mergedIDs) == [["1:4", "0:5", "1:5"]])
        #expect(feed(summary(1, 6, minute: 62)).isEmpty)
        let withPartition2 = feed(summary(1, 7, minute: 72))
        #expect(withPartition2.map(\.merged.mergedIDs) == [["0:6", "1:6", "2:0"]])
        #expect(withPartition2.first?.info.partitions?.map(\.partition) == [0, 1, 2])
        for i in 8..<12 { closed += feed(summary(1, i, minute: Double(10 * i + 2))) }
        #expect(closed.isEmpty)
        #expect(assembler.waitingOn == [2])
        #expect(assembler.minHeldPosition == 14)  // partition 0's window 7, delivered at position 14
        // End of input: the remaining ten windows make three full model windows and a partial one.
        let drained = assembler.finish()
        #expect(drained.map(\.merged.events) == [300, 300, 300, 100])
        #expect(drained.map(\.partial) == [false, false, false, true])
        #expect(drained.map(\.index) == [5, 6, 7, 8])
        #expect(drained.last?.merged.mergedIDs == ["1:11"])
    }

    @Test func duplicatesAndAlreadyMergedSummariesAreDropped() {
        let sequences = F.sequences(partitions: 2, windowSize: 200, perPartition: 6, seed: 3)
        var assembler = Assembler(windowSize: 200, partitionCount: 2)
        var closed: [ClosedModelWindow<TestSummary>] = []
        for (i, summary) in F.interleave(sequences, seed: nil).enumerated() {
            closed += assembler.add(summary, position: Int64(i))
            closed += assembler.add(summary, position: Int64(100 + i))  // republished at once
        }
        #expect(assembler.dropped == 12)
        // A restored assembler drops what the state says is merged.
        var restored = Assembler(windowSize: 200, partitionCount: 2, windowIndex: 4, nextExpected: [0: 3, 1: 2], excluded: [])
        #expect(restored.add(sequences[0][2], position: 0).isEmpty)
        #expect(restored.add(sequences[1][1], position: 1).isEmpty)
        #expect(restored.dropped == 2)
        #expect(restored.minHeldPosition == nil)
        let next = restored.add(sequences[0][3], position: 2) + restored.add(sequences[1][2], position: 3) + restored.finish()
        #expect(next.first?.index == 4)
        #expect(next.flatMap(\.parts).map(\.index).sorted() == [2, 3])
    }

    /// Summaries reordered on the topic (a delivery that timed out, then a restarted owner's
    /// republication) give the windows of the in-order delivery: each partition's summaries are
    /// merged in index order, a later index waiting for an earlier one.
    @Test(arguments: [1, 3, 8])
    func reorderedSummariesGiveTheWindowsOfTheOrderedOnes(partitions: Int) {
        let sequences = F.sequences(partitions: partitions, windowSize: 1_000, perPartition: 24, seed: 77)
        let baseline = assemble(F.interleave(sequences, seed: nil), windowSize: 1_000, partitions: partitions)
        for seed in UInt64(1)...10 {
            var random = SplitMix64(seed: seed)
            var delivery = F.interleave(sequences, seed: seed &* 31, duplicates: 0.1)
            // Swap a few neighbours of the same partition: index k+1 lands before k.
            for _ in 0..<6 {
                let i = random.integer(0, delivery.count - 2)
                guard let j = delivery[(i + 1)...].firstIndex(where: { $0.partition == delivery[i].partition }),
                      delivery[j].index > delivery[i].index else { continue }
                delivery.swapAt(i, j)
            }
            // ...and the republication after a restart sends them again in order.
            delivery += sequences.flatMap { $0.suffix(3) }
            // Compared first: a failing #expect would print every window of both sides.
            let same = assemble(delivery, windowSize: 1_000, partitions: partitions) == baseline
            #expect(same, "seed \(seed): reordered summaries gave other windows")
        }
    }

    @Test func aMissingIndexHoldsItsPartitionUntilItComesOrIsGivenUp() {
        var assembler = Assembler(windowSize: 250, partitionCount: 2)
        #expect(assembler.add(summary(0, 0, minute: 1), position: 0).isEmpty)
        #expect(assembler.add(summary(0, 2, minute: 21), position: 1).isEmpty)  // 0:1 missing
        #expect(assembler.add(summary(1, 0, minute: 2), position: 2).isEmpty)
        #expect(assembler.add(summary(1, 1, minute: 12), position: 3).isEmpty)
        #expect(assembler.waitingOn == [0], "partition 0 waits on its index 1")
        #expect(assembler.minHeldPosition == 0)
        #expect(assembler.add(summary(0, 2, minute: 21), position: 4).isEmpty, "a copy of a held summary")
        #expect(assembler.dropped == 1)
        // The missing one arrives: 0:1 and the 0:2 that waited merge in index order.
        let closed = assembler.add(summary(0, 1, minute: 11), position: 5)
        #expect(closed.map(\.merged.mergedIDs) == [["0:0", "1:0", "0:1"]])

        // Given up after max_age (exclude): the gap is skipped, not the partition.
        var gap = Assembler(windowSize: 250, partitionCount: 2)
        _ = gap.add(summary(0, 0, minute: 1), position: 0)
        _ = gap.add(summary(0, 2, minute: 21), position: 1)
        _ = gap.add(summary(1, 0, minute: 2), position: 2)
        let skipped = gap.exclude(partition: 0) + gap.finish()
        #expect(gap.gapsSkipped == 1)
        #expect(gap.excludedPartitions.isEmpty)
        #expect(skipped.flatMap(\.merged.mergedIDs) == ["0:0", "1:0", "0:2"])

        // End of input: what waited merges, in index order.
        var end = Assembler(windowSize: 10_000, partitionCount: 1)
        _ = end.add(summary(0, 3, minute: 31), position: 0)
        _ = end.add(summary(0, 1, minute: 11), position: 1)
        #expect(end.finish().flatMap(\.merged.mergedIDs) == ["0:1", "0:3"])
        #expect(end.gapsSkipped == 2)
    }

    @Test func minHeldPositionCoversQueuesAndTheOpenWindow() {
        var assembler = Assembler(windowSize: 300, partitionCount: 2)
        #expect(assembler.add(summary(0, 0, minute: 1), position: 10).isEmpty)
        #expect(assembler.add(summary(0, 1, minute: 11), position: 11).isEmpty)
        #expect(assembler.minHeldPosition == 10)  // queued
        #expect(assembler.openEvents == 0)
        #expect(assembler.add(summary(1, 0, minute: 2), position: 12).isEmpty)
        #expect(assembler.openEvents == 200)
        #expect(assembler.minHeldPosition == 10)  // in the open window
        let closed = assembler.add(summary(1, 1, minute: 12), position: 13)
        #expect(closed.map(\.merged.mergedIDs) == [["0:0", "1:0", "0:1"]])
        #expect(assembler.minHeldPosition == 13)  // queued behind the closed window
        #expect(assembler.nextExpected == [0: 2, 1: 1])
        #expect(assembler.add(summary(0, 2, minute: 21), position: 14).isEmpty)
        #expect(assembler.minHeldPosition == 13)  // 1:1 and 0:2 in the open window
        #expect(assembler.nextExpected == [0: 2, 1: 1])  // as of the last closed window
    }

    @Test func finishClosesTheRestAsAPartialWindow() {
        var assembler = Assembler(windowSize: 300, partitionCount: 2)
        var closed = assembler.add(summary(0, 0, minute: 1), position: 0) + assembler.add(summary(0, 1, minute: 11), position: 1)
        closed += assembler.add(summary(1, 0, minute: 2), position: 2) + assembler.add(summary(1, 1, minute: 12), position: 3)
        #expect(closed.map(\.partial) == [false])
        #expect(assembler.openEvents == 0)
        #expect(assembler.minHeldPosition == 3)  // 1:1 waits for partition 0's next window
        let last = assembler.finish()
        #expect(last.map(\.merged.mergedIDs) == [["1:1"]])
        #expect(last.first?.partial == true && last.first?.info.partial == true && last.first?.index == 1)
        #expect(assembler.minHeldPosition == nil)
        #expect(assembler.finish().isEmpty)
    }

    @Test func aPartitionBeyondTheCountJoinsWithoutBlockingThoseBetween() {
        var assembler = Assembler(windowSize: 300, partitionCount: 2)
        var closed = assembler.add(summary(3, 0, minute: 3), position: 0)
        #expect(assembler.waitingOn == [0, 1])
        let others = [summary(0, 0, minute: 1), summary(0, 1, minute: 11), summary(1, 0, minute: 2), summary(1, 1, minute: 12)]
        for (i, other) in others.enumerated() { closed += assembler.add(other, position: Int64(i + 1)) }
        #expect(closed.map(\.merged.mergedIDs) == [["0:0", "1:0", "3:0"]])
        #expect(closed.first?.info.partitions?.map(\.partition) == [0, 1, 3])
        #expect(assembler.partitionCount == 4)
        #expect(assembler.excludedPartitions == [2])  // never spoke: not waited for
        #expect(assembler.waitingOn == [3])          // spoke: waited for like the others
        #expect(assembler.nextExpected == [0: 1, 1: 1, 2: 0, 3: 1])
    }

    @Test func aRestoredExclusionHoldsUntilThePartitionSpeaks() {
        // State said partition 1 was idle: the restored owner does not wait for it again.
        var assembler = Assembler(windowSize: 200, partitionCount: 2, windowIndex: 3, nextExpected: [0: 5, 1: 2], excluded: [1])
        let closed = assembler.add(summary(0, 5, minute: 51), position: 0) + assembler.add(summary(0, 6, minute: 61), position: 1)
        #expect(closed.map(\.merged.mergedIDs) == [["0:5", "0:6"]])
        #expect(closed.map(\.index) == [3])
        #expect(assembler.add(summary(1, 2, minute: 62), position: 2).isEmpty)
        #expect(assembler.excludedPartitions.isEmpty)
        #expect(assembler.add(summary(0, 7, minute: 71), position: 3).isEmpty)
        #expect(assembler.openEvents == 100)  // 1:2 merged, 0:7 waits for partition 1 again
        #expect(assembler.waitingOn == [1])
        let last = assembler.finish()
        #expect(last.map(\.merged.mergedIDs) == [["1:2", "0:7"]])
        #expect(last.map(\.partial) == [false])
    }
}
