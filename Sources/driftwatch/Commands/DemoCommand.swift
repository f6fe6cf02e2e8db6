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
            the alerts and retrain triggers back from their topics and prints them. With --llm the \
            traffic is an LLM application's (support-assistant, two versions, a $60 daily budget) \
            whose version 2026-12 regresses, answers get worse and requests move to a dearer model \
            from --drift-at on: version_regression, llm_quality and llm_budget alerts.
            """)

    @Option(help: "Events to produce (default 200,000; 14,000 with --llm).") var events: Int?
    @Option(name: .customLong("drift-at"), help: "First drifted event (default: half-way).") var driftAt: Int?
    @Option(help: "Seed of the synthetic traffic.") var seed: UInt64 = 42
    @Option(help: "Also write the drift report (self-contained HTML, as /report) to this file.") var html: String?
    @Flag(help: "LLM application traffic with a version regression, poorer answers and a cost spike.") var llm = false

    static let partitions = 2

    func validate() throws {
        if let events, events <= 0 { throw ValidationError("--events must be positive, not \(events).") }
        if let driftAt, driftAt < 0 { throw ValidationError("--drift-at must not be negative, not \(driftAt).") }
    }

    func run() throws {
        try CommandSupport.guarded { try demo() }
    }

    private func demo() throws {
        let started = ContinuousClock.now
        var quiet = Logger(label: "driftwatch.demo")
        quiet.logLevel = .error
        // With --llm: 7 model windows of 2,000, the incidents from the third.
        let events = self.events ?? (llm ? 14_000 : 200_000)
        let driftAt = self.driftAt ?? (llm ? 4_000 : events / 2)
        let tty = isatty(STDOUT_FILENO) != 0
        let scenario = llm ? DemoScenario.llm(seed: seed, incidentAt: driftAt) : DemoScenario.fraud(seed: seed, driftAt: driftAt)
        print("driftwatch demo: \(events) \(scenario.description), seed \(seed)")

        // 1. Cluster and topics.
        let cluster = try MockCluster.start(brokers: 1, logger: quiet)
        var config = DriftwatchConfig()
        config.kafka.brokers = cluster.bootstrapServers
        config.kafka.groupID = "driftwatch-demo"
        config.models[scenario.modelID] = DriftwatchConfig.Model(reference: "(built in)")
        scenario.configure(&config)
        let topics = config.topics
        try cluster.createTopic(topics.predictions, partitions: Self.partitions)
        for topic in [topics.alerts, topics.retrain, topics.deadLetter, topics.summaries, topics.state]
            + (topics.reports.map { [$0] } ?? []) {
            try cluster.createTopic(topic, partitions: 1)
        }
        print("mock cluster at \(cluster.bootstrapServers); topics: \(topics.predictions) (\(Self.partitions) partitions), \(topics.alerts), \(topics.retrain), \(topics.reports ?? "-"), \(topics.deadLetter)")

        // 2. Reference from clean traffic of another seed (what training data looked like).
        let reference = llm ? SyntheticLLMTraffic.reference(seed: seed &+ 1_000, count: 6_000)
            : Self.reference(seed: seed &+ 1_000, count: 20_000)
        let context = PipelineContext(config: config, references: [scenario.modelID: reference])

        // 3. Worker on its own thread.
        var options = Worker.Options(brokers: cluster.bootstrapServers, groupID: config.kafka.groupID)
        let report = ReportFile(contexts: ReportModelContext.all(context))
        if html != nil { options.onOutput = { report.ingest($0.payload) } }
        let worker = Worker(context: context, options: options, logger: quiet)
        let running = WorkerThread(worker: worker)

        // 4. Traffic, paced against the worker so no partition's backlog nears the mock's 5 MiB.
        let producer = SyntheticProducer(brokers: cluster.bootstrapServers, topic: topics.predictions,
                                         traffic: scenario.traffic)
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

/// What `driftwatch demo` runs: the fraud detector that drifts (default) or the LLM application
/// whose incidents cross the issue 12 rules (`--llm`).
struct DemoScenario {
    var modelID: String
    var description: String
    var traffic: any SyntheticEventSource
    var configure: (inout DriftwatchConfig) -> Void

    static func fraud(seed: UInt64, driftAt: Int) -> DemoScenario {
        DemoScenario(modelID: SyntheticTraffic.modelID,
                     description: "synthetic fraud-detector predictions, drift from event \(driftAt)",
                     traffic: SyntheticTraffic(seed: seed, driftAt: driftAt), configure: { _ in })
    }

    /// `pipelines/llm-app.yaml`'s settings: windows of 2,000, a $60 daily budget, token prices.
    static func llm(seed: UInt64, incidentAt: Int) -> DemoScenario {
        DemoScenario(
            modelID: SyntheticLLMTraffic.modelID,
            description: "synthetic support-assistant LLM requests, version regression, poorer answers and a cost spike from event \(incidentAt)",
            traffic: SyntheticLLMTraffic(seed: seed, incidents: Set(SyntheticLLMTraffic.Incident.allCases), incidentAt: incidentAt),
            configure: { config in
                config.window.size = 2_000
                config.window.minEvents = 200
                config.alerts.cooldownSeconds = 1_800
                config.alerts.llmDailyBudgetUSD = 60
                config.alerts.latencyP99Ms = .init(warning: 4_000, critical: 10_000)
                config.alerts.errorRate = .init(warning: 0.02, critical: 0.10)
                config.retrain.enabled = false
                config.llmPricing = [
                    "gpt-4o-mini": .init(inputPerMillion: 0.15, outputPerMillion: 0.60),
                    "gpt-4o": .init(inputPerMillion: 2.50, outputPerMillion: 10.00),
                ]
            })
    }
}
