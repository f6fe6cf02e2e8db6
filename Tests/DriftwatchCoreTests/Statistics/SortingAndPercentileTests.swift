import Testing
@testable import DriftwatchCore

@Suite("Sorting, samples and percentiles")
struct SortingAndPercentileTests {
    @Test func radixSortEqualsStandardSort() {
        var g = SplitMix64(seed: 1)
        for n in [0, 1, 255, 256, 1000, 10_000] {
            var values = (0..<n).map { _ in Double.random(in: -1e6...1e6, using: &g) }
            values += [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
            var mine = values
            sortAscending(&mine)
            #expect(mine == values.sorted())
        }
    }

    @Test func radixSortHandlesCrowdedValuesAndTies() {
        // Values equal in their top 33 bits (insertion sort / fallback path) and heavy ties.
        var g = SplitMix64(seed: 1)
        let crowded = (0..<5000).map { _ in 1 + Double.random(in: 0..<1e-9, using: &g) }
        let ties = (0..<5000).map { _ in Double(Int.random(in: -3...3, using: &g)) }
        let mixed = crowded + ties + [-0.0, 0.0]
        for values in [crowded, ties, mixed, Array(crowded.reversed())] {
            var mine = values
            sortAscending(&mine)
            #expect(mine == values.sorted())
        }
    }

    @Test func shortSortIsTheStandardStableSortBitForBit() {
        // Below 256 values: the same order as `sort()`, signed zeros and ties included.
        var g = SplitMix64(seed: 7)
        for n in [0, 1, 2, 15, 16, 17, 31, 33, 100, 250, 255] {
            for _ in 0..<5 {
                let values = (0..<n).map { _ -> Double in
                    switch Int.random(in: 0..<4, using: &g) {
                    case 0: return Bool.random(using: &g) ? 0.0 : -0.0
                    case 1: return Double(Int.random(in: -3...3, using: &g))
                    default: return Double.random(in: -1e3...1e3, using: &g)
                    }
                }
                var mine = values
                sortAscending(&mine)
                #expect(mine.map(\.bitPattern) == values.sorted().map(\.bitPattern))
            }
        }
    }

    @Test func sampleDropsNaNAndInfinityAsMissing() {
        let s = NumericSample(values: [3, .nan, 1, .infinity, -.infinity, 2])
        #expect(s.sorted == [1, 2, 3])
        #expect(s.missing == 3)
        #expect(s.nonFinite == 2)
    }

    @Test func percentileIsNumpyLinear() {
        #expect(percentile([1, 2, 3, 4], 50) == 2.5)
        #expect(percentile([1, 2, 3, 4], 0) == 1)
        #expect(percentile([1, 2, 3, 4], 100) == 4)
        #expect(percentile([10], 37) == 10)
        #expect(percentile([], 50).isNaN)
        // numpy.percentile([0, 1], 90) == 0.9 exactly via b - (b - a) * (1 - g)
        #expect(percentile([0, 1], 90) == 1 - (1 - 0.9))
    }

    @Test func psiBinsAreLeftClosed() {
        let edges = [1.0, 2.0]
        #expect(psiBinCounts(sorted: [0, 1, 1, 1.5, 2, 3], edges: edges) == [1, 3, 2])
    }
}
