import ArgumentParser
import DriftwatchCore
import DriftwatchKafka
import DriftwatchOps
import DriftwatchRuntime
import DriftwatchSynthetic
import Foundation
import Logging

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Runs the whole pipeline on an in-process Kafka cluster with drifting synthetic traffic.",
        discussion: """
            Starts librdkafka's mock cluster on loopback, creates the topics, starts the worker, \
            produces synthetic fraud-detector predictions that drift part-way through, then reads \
            the alerts and retrain triggers back from their topics and prints them.
            """)

    @Option(help: "Events to produce.") var events = 200_000
    @Option(name: .customLong("drift-at"), help: "First drifted event (default: half-way).") var driftAt: Int?
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 42
    @Option(help: "Also write the drift report (self-contained HTML, as /report) to this file.") var html: String?

    static let partitions = 2

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive, not \(events).") }
        if let driftAt, driftAt < 0 { throw ValidationError("--drift-at must not be negative, not \(driftAt).") }
    }

    func run() throws {
        try CommandSupport.guarded { try demo() }
    }

    private func demo() throws {
        let started = ContinuousClock.now
        var quiet = Logger(label: "driftwatch.demo")
        quiet.logLevel = .error
        let driftAt = self.driftAt ?? events / 2
        let tty = isatty(STDOUT_FILENO) != 0
        print("driftwatch demo: \(events) synthetic fraud-detector predictions, drift from event \(driftAt), seed \(seed)")

        // 1. Cluster and topics.
        let cluster = try MockCluster.start(brokers: 1, logger: quiet)
        var config = DriftwatchConfig()
        config.kafka.brokers = cluster.bootstrapServers
        config.kafka.groupID = "driftwatch-demo"
        config.models[SyntheticTraffic.modelID] = DriftwatchConfig.Model(reference: "(built in)")
        let topics = config.topics
        try cluster.createTopic(topics.predictions, partitions: Self.partitions)
        for topic in [topics.alerts, topics.retrain, topics.deadLetter, topics.summaries, topics.state]
            + (topics.reports.map { [$0] } ?? []) {
            try cluster.createTopic(topic, partitions: 1)
        }
        print("mock cluster at \(cluster.bootstrapServers); topics: \(topics.predictions) (\(Self.partitions) partitions), \(topics.alerts), \(topics.retrain), \(topics.reports ?? "-"), \(topics.deadLetter)")

        // 2. Reference from clean traffic of another seed (what training data looked like).
        let reference = Self.reference(seed: seed &+ 1_000, count: 20_000)
        let context = PipelineContext(config: config, references: [SyntheticTraffic.modelID: reference])

        // 3. Worker on its own thread.
        var options = Worker.Options(brokers: cluster.bootstrapServers, groupID: config.kafka.groupID)
        let report = ReportFile()
        if html != nil { options.onOutput = { report.ingest($0.payload) } }
        let worker = Worker(context: context, options: options, logger: quiet)
        let running = WorkerThread(worker: worker)

        // 4. Traffic, paced against the worker so no partition's backlog nears the mock's 5 MiB.
        let producer = SyntheticProducer(brokers: cluster.bootstrapServers, topic: topics.predictions,
                                         traffic: SyntheticTraffic(seed: seed, driftAt: driftAt))
        let progress = ProgressLine(enabled: tty, handle: .standardOutput)
        let show = { (produced: Int) in
            progress.show {
                let s = worker.status.snapshot
                return "  produced \(produced)/\(events)  processed \(s.counters.events)  model windows \(s.modelStage.modelWindows)  alerts \(s.modelStage.alerts)  triggers \(s.modelStage.triggers)   "
            }
        }
        _ = try producer.produce(0..<events, maxBacklog: 4_000 * Self.partitions,
                                 consumed: { worker.status.snapshot.counters.consumed },
                                 progress: show, logger: quiet)
        let deadline = ContinuousClock.now + .seconds(60)
        // Every event consumed, and every window summary back through the model stage.
        func drained(_ s: WorkerStatus.Snapshot) -> Bool {
            s.counters.consumed >= events && s.modelStage.summaries >= s.counters.summaries
        }
        while !drained(worker.status.snapshot) && ContinuousClock.now < deadline {
            if let error = running.failure { throw error }
            show(events)
            Thread.sleep(forTimeInterval: 0.05)
        }
        show(events)
        progress.finish()
        try running.stopAndWait()
        let counters = worker.status.snapshot.counters
        let model = worker.status.snapshot.modelStage

        // 5. Read alerts and triggers back from their topics.
        let alerts = try TopicReader.readAll(
            brokers: cluster.bootstrapServers, topic: topics.alerts, partitions: 1, expected: model.alerts, logger: quiet)
        let triggers = try TopicReader.readAll(
            brokers: cluster.bootstrapServers, topic: topics.retrain, partitions: 1, expected: model.triggers, logger: quiet)
        let seconds = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        print("""
            processed \(counters.events) events in \(counters.windowsClosed) partition windows \
            (\(counters.performanceWindowsClosed) performance windows), \(counters.deadLettered) dead letters, \
            \(counters.reports) partition reports; the model stage merged them into \(model.modelWindows) model windows
            """)
        print("\nALERTS (\(alerts.count), topic \(topics.alerts))")
        for line in DemoSummary.table(alerts.map { DemoSummary.alertRow($0.value ?? []) }) { print("  " + line) }
        print("\nRETRAIN TRIGGERS (\(triggers.count), topic \(topics.retrain))")
        for line in DemoSummary.table(triggers.map { DemoSummary.triggerRow($0.value ?? []) }) { print("  " + line) }
        if let html {
            try report.write(to: html, title: "demo, seed \(seed), drift from event \(driftAt)")
            print("\ndrift report: \(html)")
        }
        print(String(format: "\ndone in %.1f s", seconds))
    }

    static func reference(seed: UInt64, count: Int) -> ModelReference {
        let traffic = SyntheticTraffic(seed: seed)
        let decoder = EventDecoder()
        var sampler = ReferenceSampler(modelID: SyntheticTraffic.modelID, symbols: decoder.symbols)
        var event = PredictionEvent()
        for i in 0..<count {
            do {
                try decoder.decode(traffic.event(at: i), into: &event)
                sampler.add(event)
            } catch {}
        }
        return sampler.reference()
    }
}
