import DriftwatchCore
import DriftwatchKafka
@testable import DriftwatchRuntime
import Logging
import Testing

/// The worker's commit decisions without Kafka: a recording committer stands in for the consumer.
@Suite struct CommitCoordinatorTests {
    final class RecordingCommitter: OffsetCommitting {
        var async: [[KafkaTopicPartitionOffset]] = []
        var sync: [[KafkaTopicPartitionOffset]] = []
        var refuseAsync = false
        struct Refused: Error {}

        func commitSync(_ offsets: [KafkaTopicPartitionOffset]) throws { sync.append(offsets) }
        func commitAsync(_ offsets: [KafkaTopicPartitionOffset]) throws {
            if refuseAsync { throw Refused() }
            async.append(offsets)
        }
    }

    /// A coordinator over one lane whose outputs are acknowledged at once, windows of 1,000 events
    /// (events without inline labels, so only the feature window holds commits back).
    final class Fixture {
        let config = ReplayHarness.config(windowSize: 1_000, minEvents: 500)
        let lanes: PipelineLanes
        let committer = RecordingCommitter()
        let status = WorkerStatus()
        var flushes: [Duration] = []
        private(set) var coordinator: CommitCoordinator!
        let events: [[UInt8]]
        var next: [Int32: Int] = [:]

        init(interval: Duration = .seconds(3_600)) {
            let jsonl = ReplayHarness.splitLabels(ReplayHarness.events(seed: 3, count: 3_000)).events
            events = Replay.lines(jsonl).map { Array(jsonl[$0]) }
            let acks = AckQueue()
            let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])
            let sink = RecordingSink(acks: acks)
            lanes = PipelineLanes(context: context, sink: sink, acks: acks, lanes: 1)
            coordinator = CommitCoordinator(
                lanes: lanes, modelStage: ModelStageDriver(context: context, sink: sink), topics: config.topics, interval: interval, status: status,
                logger: Logger(label: "test"), flush: { [unowned self] in flushes.append($0) })
            coordinator.committer = committer
        }

        /// Feeds `count` more prediction events to `partition`, offsets continuing from the last.
        func feed(_ count: Int, partition: Int32 = 0) throws {
            let driver = lanes.driver(for: partition)
            for _ in 0..<count {
                let offset = next[partition, default: 0]
                try events[offset].withUnsafeBytes { value in
                    try driver.process(source: .predictions, partition: partition, offset: Int64(offset),
                                       timestampMs: nil, key: nil, value: value)
                }
                next[partition] = offset + 1
            }
        }

        func offset(_ partition: Int32, _ offset: Int64) -> KafkaTopicPartitionOffset {
            KafkaTopicPartitionOffset(topic: config.topics.predictions, partition: partition, offset: offset)
        }
    }

    @Test func periodicCommitsSendOnlyWhatMovedAndOnlyWhenDue() throws {
        let f = Fixture()
        try f.feed(1_500)
        let start = ContinuousClock.now
        f.coordinator.commitIfDue(now: start, idle: false)
        #expect(f.committer.async.isEmpty, "not due yet and the poll was not empty")
        f.coordinator.commitIfDue(now: start, idle: true)
        #expect(f.committer.async.bare == [[f.offset(0, 1_000)]], "the open window (from 1000) holds the commit back")
        // The commit carries the partition's window state: the model's open window 1 from 1000.
        let metadata = try #require(f.committer.async.first?.first?.metadata)
        let state = try #require(try PartitionWindowState(encoded: metadata))
        #expect(state.models[ReplayHarness.model] == .init(nextIndex: 1, resumeOffset: 1_000))
        f.coordinator.commitIfDue(now: start + .seconds(1), idle: true)
        #expect(f.committer.async.count == 1, "nothing moved, nothing sent")
        try f.feed(1_000)
        f.coordinator.commitIfDue(now: start + .seconds(7_200), idle: false)
        #expect(f.committer.async.bare.last == [f.offset(0, 2_000)])
        #expect(f.status.snapshot.committed == [KafkaTopicPartition(topic: f.config.topics.predictions, partition: 0): 2_000])
    }

    @Test func revokeFlushesCommitsEverySafeOffsetSynchronouslyAndDropsThePartition() throws {
        let f = Fixture()
        let tps = [Int32(0), 1].map { KafkaTopicPartition(topic: f.config.topics.predictions, partition: $0) }
        f.coordinator.rebalance(.assigned(tps))
        #expect(f.status.snapshot.assigned == tps)
        try f.feed(1_200, partition: 0)
        try f.feed(300, partition: 1)
        f.coordinator.commitIfDue(now: .now, idle: true)
        f.coordinator.rebalance(.revoked([tps[0]]))
        #expect(f.flushes == [.seconds(10), .seconds(10)], "outputs, then the state records they release")
        #expect(f.committer.sync.bare == [[f.offset(0, 1_000)]], "unmoved offsets are committed again on revoke")
        #expect(f.lanes.partitions == [1])
        #expect(f.status.snapshot.assigned == [tps[1]])
    }

    @Test func aRefusedAsyncCommitIsNotRecordedAndShutdownCommitsIt() throws {
        let f = Fixture()
        f.committer.refuseAsync = true
        try f.feed(1_000)
        f.coordinator.commitIfDue(now: .now, idle: true)
        #expect(f.status.snapshot.committed.isEmpty)
        f.coordinator.commitSafely(partitions: f.lanes.partitions, summaries: [], flushTimeout: .seconds(30))
        #expect(f.committer.sync.bare == [[f.offset(0, 1_000)]])
        #expect(f.flushes == [.seconds(30), .seconds(30)])
    }
}

extension [[KafkaTopicPartitionOffset]] {
    /// The offsets without their commit metadata (the window state, checked on its own).
    var bare: [[KafkaTopicPartitionOffset]] {
        map { $0.map { KafkaTopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: $0.offset) } }
    }
}
