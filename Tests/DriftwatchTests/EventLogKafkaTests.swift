import DriftwatchCore
import DriftwatchKafka
import DriftwatchOps
@testable import DriftwatchRuntime
import Foundation
import Logging
import Synchronization
import Testing

/// SPEC section 9 over the mock cluster: a worker's run logs one JSON line per closed window
/// (partition and model), alert, retrain trigger and dead letter, each line valid JSON, and the
/// alert and trigger lines name exactly the ids the worker published.
@Suite(.serialized, .timeLimit(.minutes(2))) struct EventLogKafkaTests {
    @Test func oneJSONLinePerWindowAlertTriggerAndDeadLetter() throws {
        let config = try E2ECluster.config(windowSize: 1_000, minEvents: 500)
        let (messages, bad) = KafkaEndToEndTests.stream(count: 5_500, driftAt: 2_500)
        try E2ECluster.produce(messages, topic: config.topics.predictions)
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference])

        let lines = Mutex<[String]>([])
        let sink = LogLineSink { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        // The worker and the event log share one JSON logger, as `run` bootstraps it.
        let logger = Logger(label: "driftwatch") { _ in JSONLogHandler(sink: sink) }
        let eventLog = OutputEventLog(logger: logger)
        let published = Mutex<[OutputPayload]>([])
        var options = E2ECluster.options(config)
        options.onOutput = { message in
            published.withLock { $0.append(message.payload) }
            eventLog.observe(message)
        }
        let running = RunningWorker(context: context, options: options, logger: logger)
        #expect(running.wait(seconds: 40) { $0.counters.consumed == messages.count && $0.modelStage.summaries >= $0.counters.summaries })
        running.stop()
        #expect(running.failure.withLock { $0 } == nil)

        let objects = try lines.withLock { $0 }.map { line -> [String: Any] in
            #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"))
            return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        func count(_ msg: String, scope: String? = nil) -> Int {
            objects.filter { $0["msg"] as? String == msg && (scope == nil || $0["window.scope"] as? String == scope) }.count
        }
        let counters = running.status.counters, model = running.status.modelStage
        #expect(model.alerts > 0 && model.triggers > 0, "the drifting stream alerts and triggers")
        #expect(count("alert.published") == model.alerts)
        #expect(count("retrain_trigger.published") == model.triggers)
        #expect(count("dead_letter.published") == bad.count)
        #expect(count("dead_letter.published") == counters.deadLettered)
        #expect(count("window.closed", scope: "partition") == counters.summaries)
        #expect(count("window.closed", scope: "model") == model.modelWindows)
        #expect(model.modelWindows > 0)
        // One line per rebalance: the join's assignment and the leave's revocation (the Kafka
        // layer's own rebalance lines are debug).
        #expect(count("pipeline.rebalance.assigned") == 1)
        #expect(count("pipeline.rebalance.revoked") == 1)
        #expect(count("kafka.rebalance.assigned") == 0)
        let assigned = try #require(objects.first { $0["msg"] as? String == "pipeline.rebalance.assigned" })
        #expect((assigned["kafka.partitions"] as? String)?.contains("\(config.topics.predictions)-0") == true, "\(assigned)")

        let payloads = published.withLock { $0 }
        let alertIDs = payloads.compactMap { if case .alert(let a) = $0 { a.alertID } else { nil } }
        let triggerIDs = payloads.compactMap { if case .trigger(let t) = $0 { t.triggerID } else { nil } }
        #expect(objects.compactMap { $0["alert.id"] as? String } == alertIDs)
        #expect(objects.compactMap { $0["trigger.id"] as? String } == triggerIDs)
        for object in objects {
            #expect(object["ts"] is String && object["level"] is String, "\(object)")
        }
        let alert = try #require(objects.first { $0["msg"] as? String == "alert.published" })
        #expect(alert["level"] as? String == "notice")
        #expect(alert["model.id"] as? String == ReplayHarness.model)
        #expect((alert["alert.summary"] as? String)?.isEmpty == false)
    }
}
