import DriftwatchCore
import DriftwatchKafka
@testable import DriftwatchRuntime
import Foundation
import Testing

/// The process numbers behind `run`'s memory breakdown (issue 11) and the form the benchmark
/// reads them back in.
@Suite struct MemoryBreakdownTests {
    @Test func processNumbersSeeAnAllocationOfFortyMegabytes() {
        let before = ProcessMemory.current()
        #expect(before.rssBytes > 0 && before.peakRSSBytes >= before.rssBytes)
        #expect(before.anonymousBytes > 0 && before.fileBytes > 0)
        #expect(before.anonymousBytes + before.fileBytes <= before.rssBytes + 1_048_576)
        #expect(before.heapInUseBytes > 0)
        // 40 MiB written (so resident), held: the heap and RSS both grow by about that much.
        let block = [UInt8](repeating: 1, count: 40 << 20)
        let after = ProcessMemory.current()
        #expect(after.heapInUseBytes - before.heapInUseBytes >= 39 << 20)
        #expect(after.rssBytes - before.rssBytes >= 30 << 20)
        #expect(block.count == 40 << 20)
    }

    @Test func readsTheStatusFields() {
        var m = ProcessMemory()
        m.read(status: "Name:\tdriftwatch\nVmHWM:\t  98304 kB\nVmRSS:\t   81920 kB\nRssAnon:\t   71680 kB\nRssFile:\t   10240 kB\n")
        #expect(m.peakRSSBytes == 96 << 20 && m.rssBytes == 80 << 20)
        #expect(m.anonymousBytes == 70 << 20 && m.fileBytes == 10 << 20)
    }

    @Test func samplerKeepsThePeakSamplesAndJSONRoundTrips() {
        let sampler = MemorySampler(referenceBytes: 3 << 20, interval: .seconds(3_600))
        let t0 = ContinuousClock.now
        var stats = KafkaClientStatistics()
        stats.fetchQueueBytes = 5 << 20
        stats.fetchQueueMessages = 1_200
        // The statistics saw 1,200 messages queued; 600 are queued now: half their payload.
        sampler.sampleIfDue(now: t0, state: { PipelineStateBytes(windows: 1 << 20) }, consumer: stats, queued: 600, producer: nil)
        // Within the interval: not sampled.
        sampler.sampleIfDue(now: t0, state: { PipelineStateBytes(windows: 9 << 20) }, consumer: nil, producer: nil)
        let b = sampler.breakdown
        #expect(b.samples == 1 && b.stateAtPeakHeap.windows == 1 << 20 && b.referenceBytes == 3 << 20)
        #expect(b.consumerAtPeakHeap.fetchQueueMessages == 600 && b.peakFetchQueueBytes == 5 << 19)
        #expect(b.startUp.rssBytes > 0 && b.peakRSSBytes >= b.atPeakRSS.rssBytes && b.atPeakRSS == b.atPeakHeap)
        #expect(b.otherHeapBytes == b.atPeakHeap.heapInUseBytes - (1 << 20) - (3 << 20) - (5 << 19))
        #expect(MemoryBreakdown(json: b.json).json == b.json && b.json.count == 25)
        #expect(b.lines.count == 3 && b.lines[1].contains("windows 1.0") && b.lines[1].contains("600 messages"))
        #expect(sampler.metadata["memory.windows.mib"] == "1.0" && sampler.metadata["memory.samples"] == "1")
    }
}
