public import DriftwatchCore
import Foundation
public import DriftwatchKafka
public import Logging

/// `driftwatch run`: consumes the predictions (and labels) topics as a group member, drives the
/// pipeline on the calling thread, publishes through the idempotent producer and commits only
/// safe offsets (SPEC section 7).
///
/// One thread does everything that touches pipeline state: polling, processing, applying
/// delivery reports, committing, and the rebalance handler (librdkafka calls it inside poll).
public final class Worker: Sendable {
    public struct Options: Sendable {
        public var brokers: String
        public var groupID: String
        public var properties: [String: String] = [:]
        public var pollBatch = 5_000
        public var commitIntervalMs = 200
        /// Processing threads; partitions are split between them (`partition % lanes`).
        public var lanes = 2
        /// Sees every output message as it is handed to the producer (metrics, `/report`).
        public var onOutput: (@Sendable (OutputMessage) -> Void)? = nil
        public init(brokers: String, groupID: String) {
            self.brokers = brokers
            self.groupID = groupID
        }
    }

    public let context: PipelineContext
    public let options: Options
    public let status: WorkerStatus
    let logger: Logger

    public init(context: PipelineContext, options: Options, status: WorkerStatus = WorkerStatus(), logger: Logger) {
        self.context = context
        self.options = options
        self.status = status
        self.logger = logger
    }

    /// Runs until `stop` is set, then shuts down gracefully: flush the producer, commit what is
    /// safe, leave the group. Blocks the calling thread.
    public func run(stop: StopFlag) throws {
        HeapTuning.apply()
        // Start-up memory (binary, runtime, configuration, references), before any client exists.
        let memory = MemorySampler(referenceBytes: context.referenceBytes)
        let topics = context.topics
        let acks = AckQueue()
        let clock = ContinuousClock()
        var producerConfig = KafkaProducerConfiguration(bootstrapServers: options.brokers)
        producerConfig.properties = Self.statisticsDefaults.merging(options.properties) { _, configured in configured }
        let poisoned = PoisonedOutputs()
        let producer = try KafkaProducer.make(
            configuration: producerConfig, logger: logger,
            onDelivery: KafkaSink.deliveryHandler(acks: acks, poisoned: poisoned, deadLetterTopic: topics.deadLetter))
        let kafkaSink = KafkaSink(producer: producer, deadLetterTopic: topics.deadLetter, poisoned: poisoned)
        let sink: any OutputSink = options.onOutput.map { ObservedSink(kafkaSink, observe: $0) } ?? kafkaSink
        var consumerConfig = KafkaConsumerConfiguration(bootstrapServers: options.brokers, groupID: options.groupID)
        consumerConfig.properties = Self.consumerDefaults.merging(options.properties) { _, configured in configured }
        // The pipeline reads keys, values and timestamps only: librdkafka need not parse headers.
        consumerConfig.readHeaders = false
        let consumer = try KafkaConsumer.make(configuration: consumerConfig, logger: logger)
        let waker = FetchWaker(consumer: consumer, properties: consumerConfig.properties, logger: logger)
        waker.start()
        defer { waker.stop() }  // also on a thrown error: its thread holds the consumer
        // Sub-windows of ceil(size / N) events per partition: N from the topic's metadata.
        guard let partitionCount = try predictionsPartitionCount(consumer: consumer, stop: stop) else {
            // SIGTERM while waiting for brokers or the topic: nothing was consumed, nothing to drain.
            logger.info("pipeline.stopped", metadata: ["events": "0"])
            return
        }
        let context = self.context.partitioned(partitionCount)
        let lanes = PipelineLanes(context: context, sink: sink, acks: acks, lanes: options.lanes)
        let modelStage = ModelStageDriver(context: context, sink: sink)
        context.unconfiguredModels.onFirstSighting = { [logger] id in
            logger.warning("pipeline.model.unconfigured", metadata: [
                "model.id": "\(id)",
                "reason": "events of a model the configuration does not name: windowed for the system logger only, no drift checks; counted in driftwatch_unconfigured_model_events_total",
            ])
        }
        modelStage.onExclusion = { [logger] sentence in logger.warning("model_stage.partition.excluded", metadata: ["reason": "\(sentence)"]) }
        let commits = CommitCoordinator(
            lanes: lanes, modelStage: modelStage, topics: topics, interval: .milliseconds(options.commitIntervalMs),
            status: status, logger: logger, flush: { try producer.flush(timeout: $0) })
        commits.committer = consumer
        commits.restoreWindows = { try consumer.committed($0) }
        let (brokers, properties, logger) = (options.brokers, options.properties, logger)
        commits.restoreModels = { q in
            try StateTopicReader.latest(brokers: brokers, topic: topics.state, partition: q, properties: properties, logger: logger)
                .values.compactMap { try? ModelState(jsonBytes: $0) }
        }
        var subscribed = [topics.predictions]
        if let labels = topics.labels { subscribed.append(labels) }
        subscribed.append(topics.summaries)
        checkCoPartitioning(consumer: consumer)
        try consumer.subscribe(topics: subscribed) { event in commits.rebalance(event) }
        status.update { $0.ready = true }
        logger.info("pipeline.started", metadata: ["topics": "\(subscribed)", "kafka.group.id": "\(options.groupID)"])

        // At most once a second, on this thread (the state it reads is this thread's between batches).
        func sampleMemory(_ now: ContinuousClock.Instant, _ force: Bool) {
            guard force || memory.isDue(now) else { return }
            memory.sampleIfDue(
                now: now, force: force,
                state: { lanes.approximateBytes + PipelineStateBytes(modelStage: modelStage.heldSummaryBytes()) },
                consumer: consumer.statistics, queued: consumer.queuedMessages, producer: producer.statistics)
        }
        let labelsTopic = topics.labels
        var polls = 0, emptyPolls = 0, pollTime = Duration.zero, processTime = Duration.zero
        var lastIdleCheck = clock.now, lastWaitLog = clock.now
        let started = clock.now
        var undeliverable: String?
        while !stop.isStopped {
            let batch: [KafkaMessage]
            do {
                let t0 = ContinuousClock.now
                batch = try consumer.poll(maxMessages: options.pollBatch, timeout: .milliseconds(100))
                pollTime += ContinuousClock.now - t0
                polls += 1
                if batch.isEmpty { emptyPolls += 1 }
                waker.afterPoll(taken: batch.count)
            } catch let error as KafkaError where !error.isFatal {
                logger.warning("pipeline.poll.error", metadata: ["error": "\(error)"])
                continue
            }
            let t1 = ContinuousClock.now
            try lanes.process(batch: batch, labelsTopic: labelsTopic, skipping: topics.summaries)
            for message in batch where message.topic == topics.summaries {
                try message.withUnsafeValue { value in
                    try modelStage.receive(partition: message.partition, offset: message.offset, value: value)
                }
            }
            processTime += ContinuousClock.now - t1
            let now = ContinuousClock.now
            if now - lastIdleCheck >= .seconds(1), let maxAgeMs = context.window.maxAgeMs {
                lastIdleCheck = now
                try modelStage.excludeIdle(nowMs: Date().timeIntervalSince1970 * 1_000, maxAgeMs: maxAgeMs)
            }
            kafkaSink.deadLetterPoisoned(logger: logger)
            if let sentence = poisoned.stopSentence {
                undeliverable = sentence
                logger.critical("pipeline.output.undeliverable", metadata: ["reason": "\(sentence)"])
                break
            }
            commits.commitIfDue(now: now, idle: batch.isEmpty)
            sampleMemory(now, false)
            if !batch.isEmpty {
                let counters = lanes.counters
                let pendingLabels = lanes.pendingLabels
                let model = modelStage.counters
                status.update {
                    $0.counters = counters
                    $0.modelStage = model
                    $0.pendingLabels = pendingLabels
                    if $0.firstMessageAt == nil { $0.firstMessageAt = now }
                }
            } else if now - lastWaitLog >= .seconds(5) && status.snapshot.assigned.isEmpty {
                // Loud while idle without partitions: a restarted member may wait for the group.
                lastWaitLog = now
                logger.notice("pipeline.waiting_for_assignment", metadata: [
                    "kafka.group.id": "\(options.groupID)", "topics": "\(subscribed)",
                    "waited.seconds": "\(Int((now - started).seconds))",
                    "session.timeout.ms": "\(consumerConfig.properties["session.timeout.ms"] ?? "default")"])
            }
        }

        status.update { $0.stopping = true }
        logger.info("pipeline.stopping", metadata: [
            "polls": "\(polls)", "polls.empty": "\(emptyPolls)", "poll.seconds": "\(pollTime)",
            "process.seconds": "\(processTime)", "fetch.wakeups": "\(waker.wakeUps)",
            "fetch.queued.peak": "\(waker.peakQueued)",
        ])
        sampleMemory(ContinuousClock.now, true)
        logger.info("pipeline.memory", metadata: memory.metadata)
        let breakdown = memory.breakdown
        status.update { $0.memory = breakdown }
        waker.stop()
        commits.commitSafely(partitions: lanes.partitions, summaries: modelStage.partitions, flushTimeout: .seconds(30))
        do { try consumer.close() } catch { logger.warning("pipeline.consumer.close.failed", metadata: ["error": "\(error)"]) }
        let counters = lanes.counters
        let model = modelStage.counters
        status.update { $0.counters = counters; $0.modelStage = model; $0.ready = false }
        do { try producer.close(timeout: .seconds(30)) } catch {
            logger.warning("pipeline.producer.close.failed", metadata: ["error": "\(error)"])
        }
        logger.info("pipeline.stopped", metadata: ["events": "\(counters.events)"])
        if let undeliverable { throw UndeliverableOutput(sentence: undeliverable) }
    }

    /// Prefetch limits (overridable in `kafka.properties`): at most `queued.min.messages`
    /// fetched messages wait in librdkafka (each costs its payload plus an 896-byte op), fetched
    /// `fetch.max.bytes` at a time; `FetchWaker` restarts the fetcher when they are drained
    /// (librdkafka 2.0.2 alone would wait up to a second). The byte limit is only a backstop.
    /// A 10 s session (librdkafka's default is 45 s): a monitoring worker that dies should
    /// hand its partitions over in seconds, not most of a minute.
    static let consumerDefaults: [String: String] = [
        "queued.min.messages": "12000",
        "queued.max.messages.kbytes": "65536",
        "fetch.max.bytes": "524288",
        // librdkafka requires fetch.max.bytes >= message.max.bytes (a consumer sends only
        // small requests, so this limits nothing else).
        "message.max.bytes": "524288",
        "session.timeout.ms": "10000",
        "heartbeat.interval.ms": "1000",
    ].merging(statisticsDefaults) { a, _ in a }

    /// librdkafka's statistics once a second: the memory breakdown reads the queues from them
    /// (`KafkaClientStatistics`; a `kafka.properties` value of 0 turns them off).
    static let statisticsDefaults = ["statistics.interval.ms": "1000"]

    /// Partitions of the predictions topic (waits up to 30 s for the topic to appear); nil when
    /// `stop` is set meanwhile.
    private func predictionsPartitionCount(consumer: KafkaConsumer, stop: StopFlag) throws -> Int? {
        let topic = context.topics.predictions
        let deadline = ContinuousClock.now + .seconds(30)
        var brokersAnswered = false
        while true {
            // Short requests, retried until the deadline, so SIGTERM is noticed within seconds.
            if let counts = try? consumer.topicPartitionCounts(timeout: .seconds(2)) {
                brokersAnswered = true
                if let n = counts[topic], n > 0 { return n }
            }
            if ContinuousClock.now >= deadline {
                // Unreachable brokers are not a missing topic: say which it was.
                if !brokersAnswered {
                    throw KafkaError(code: .transport, reason: "No broker of \(options.brokers) answered in 30 s (kafka.brokers).")
                }
                throw KafkaError(code: .unknownTopic, reason: "The predictions topic \(topic) does not exist on \(options.brokers) (topics.predictions).")
            }
            logger.notice("pipeline.waiting_for_topic", metadata: ["topic": "\(topic)"])
            for _ in 0..<10 where !stop.isStopped { Thread.sleep(forTimeInterval: 0.1) }
            if stop.isStopped { return nil }
        }
    }

    /// SPEC section 3: predictions and labels must be co-partitioned for the join to be complete.
    private func checkCoPartitioning(consumer: KafkaConsumer) {
        guard let labels = context.topics.labels else { return }
        guard let counts = try? consumer.topicPartitionCounts() else { return }
        let p = counts[context.topics.predictions], l = counts[labels]
        if let p, let l, p != l {
            logger.warning("pipeline.labels.not_copartitioned", metadata: [
                "predictions.partitions": "\(p)", "labels.partitions": "\(l)",
            ])
        }
    }
}
