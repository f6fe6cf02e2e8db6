import ArgumentParser
import DriftwatchCore
import DriftwatchKafka
import DriftwatchRuntime
import DriftwatchSynthetic
import Foundation
import Logging

/// `driftwatch bench-consume` (hidden; see scripts/bench-consume.sh): our consumer beside kcat on
/// the same mock-cluster topic, in the same run, with the same librdkafka settings.
struct BenchConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Benchmark the Kafka consumer against kcat on a mock cluster.",
        discussion: """
            Without --existing: starts an in-process mock cluster, creates a topic of --partitions \
            partitions, fills it with --events synthetic events (lz4 batches) and checks that every \
            partition still starts at offset 0 (the mock drops data past 5 MiB per partition). \
            Then, in alternating order, times our consumer (assign, no group join, reading every \
            value) and `kcat -C -e -q -o beginning` (output to /dev/null), both with the same \
            --consumer-property settings, and prints medians. scripts/bench-consume.sh runs the \
            mock cluster in its own process instead, as a real broker would be.
            """,
        shouldDisplay: false
    )

    @Option(help: "Synthetic events to produce and read.")
    var events = 1_000_000

    @Option(help: "Partitions (the mock keeps at most 5 MiB per partition).")
    var partitions = 64

    @Option(help: "Mock brokers.")
    var brokers = 3

    @Option(help: "Timed rounds of each consumer.")
    var rounds = 3

    @Option(name: .customLong("batch"), help: "Messages per poll of our consumer.")
    var batchSize = 1_000

    @Flag(help: "Parse message headers in our consumer (kcat's default output format reads none).")
    var readHeaders = false

    @Option(name: .customLong("consumer-property"), help: "KEY=VALUE given to both consumers (repeatable).")
    var consumerProperties: [String] = []

    @Option(help: "Read an existing topic (TOPIC@BOOTSTRAP holding --events events in --partitions partitions) instead of starting a mock cluster.")
    var existing: String?

    @Option(help: "kcat executable.")
    var kcat = "kcat"

    func run() async throws {
        let logger = {
            var logger = Logger(label: "driftwatch.bench")
            logger.logLevel = .error
            return logger
        }()
        let properties = try parseProperties()
        var cluster: MockCluster?
        let topic: String
        let bootstrap: String
        var expectedBytes: Int?
        if let existing, let at = existing.firstIndex(of: "@") {
            topic = String(existing[..<at])
            bootstrap = String(existing[existing.index(after: at)...])
        } else {
            let mock = try MockCluster.start(brokers: brokers, logger: logger)
            cluster = mock
            topic = "bench-\(events)"
            bootstrap = mock.bootstrapServers
            try mock.createTopic(topic, partitions: partitions)
            say("mock cluster \(bootstrap); topic \(topic) with \(partitions) partitions")
            let fillStart = ContinuousClock.now
            var producer = SyntheticProducer(brokers: bootstrap, topic: topic, traffic: SyntheticTraffic(seed: 1))
            producer.properties = ["linger.ms": "50"]
            let filled = try producer.produce(0..<events, logger: logger)
            guard filled.failed == 0 else {
                throw CommandFailure("Filling the topic failed: \(filled.firstError ?? "unknown error")")
            }
            expectedBytes = filled.bytes
            say(String(format: "filled %d events, %.1f MB of values, lz4 batches, in %.1f s",
                       events, Double(filled.bytes) / 1e6, (ContinuousClock.now - fillStart).seconds))
        }
        try verifyNothingDeleted(bootstrap: bootstrap, topic: topic, logger: logger)

        var readBytes = 0
        var ours: [Double] = []
        var theirs: [Double] = []
        for round in 1...rounds {
            // Alternate which consumer goes first, so neither always meets a cold (or warm) cluster.
            var kcatSeconds = 0.0
            if round % 2 == 0 {
                kcatSeconds = try BenchConsumer.runKcat(kcat, bootstrap: bootstrap, topic: topic, properties: properties)
            }
            let (oursSeconds, oursBytes) = try BenchConsumer.onThread {
                try BenchConsumer.readAll(
                    bootstrap: bootstrap, topic: topic, partitions: partitions, events: events,
                    batchSize: batchSize, readHeaders: readHeaders, properties: properties, logger: logger
                )
            }
            if let expectedBytes, oursBytes != expectedBytes {
                throw CommandFailure("Our consumer read \(oursBytes) bytes, expected \(expectedBytes)")
            }
            readBytes = oursBytes
            if round % 2 == 1 {
                kcatSeconds = try BenchConsumer.runKcat(kcat, bootstrap: bootstrap, topic: topic, properties: properties)
            }
            ours.append(oursSeconds)
            theirs.append(kcatSeconds)
            say(String(format: "round %d: driftwatch %.3f s, kcat %.3f s", round, oursSeconds, kcatSeconds))
        }
        let oursMedian = median(ours)
        let kcatMedian = median(theirs)
        withExtendedLifetime(cluster) {}
        let megabytes = Double(readBytes) / 1e6
        print(String(format: "driftwatch: %.0f events/s, %.1f MB/s (median of %d)",
                     Double(events) / oursMedian, megabytes / oursMedian, rounds))
        print(String(format: "kcat:       %.0f events/s, %.1f MB/s (median of %d)",
                     Double(events) / kcatMedian, megabytes / kcatMedian, rounds))
        print(String(format: "ratio:      %.2f (driftwatch / kcat)", kcatMedian / oursMedian))
    }

    private func parseProperties() throws -> [String: String] {
        var result: [String: String] = [:]
        for item in consumerProperties {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--consumer-property must be KEY=VALUE, not '\(item)'.")
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }

    /// Every partition still starts at offset 0 and the topic holds every event: the mock
    /// deleted nothing (it drops the oldest data past 5 MiB per partition).
    private func verifyNothingDeleted(bootstrap: String, topic: String, logger: Logger) throws {
        let admin = try KafkaAdmin.make(bootstrapServers: bootstrap, logger: logger)
        var total: Int64 = 0
        for partition in 0..<Int32(partitions) {
            let marks = try admin.watermarks(topic: topic, partition: partition)
            guard marks.low == 0 else {
                throw CommandFailure(
                    "Partition \(partition) lost its oldest messages (low watermark \(marks.low)); use more --partitions")
            }
            total += marks.high
        }
        guard total == Int64(events) else {
            throw CommandFailure("The topic holds \(total) events, expected \(events)")
        }
        say("watermarks: low 0 on all \(partitions) partitions, \(total) events in total")
    }

    private func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
