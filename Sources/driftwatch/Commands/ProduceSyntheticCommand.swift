import ArgumentParser
import DriftwatchCore
import DriftwatchRuntime
import DriftwatchSynthetic
import Foundation
import Logging

/// `driftwatch produce-synthetic`: the demo's prediction traffic as a load generator.
struct ProduceSyntheticCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce-synthetic",
        abstract: "Produce synthetic fraud-detector prediction events (about 630 bytes of JSON each).",
        discussion: """
            Keys are event ids; events drawn from --seed are identical on every run. From event \
            --drift-at on, amount, customer_age, distance_km, failed_logins, merchant_category and \
            the score drift. Prints a summary line when every event is acknowledged.
            """
    )

    @Option(help: "Bootstrap servers, host:port[,host:port...].")
    var brokers: String

    @Option(help: "Topic to produce to (must exist).")
    var topic: String

    @Option(help: "Number of events.")
    var events: Int

    @Option(name: .customLong("drift-at"), help: "First drifted event index (default: no drift).")
    var driftAt: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Events per second (0: as fast as possible).")
    var rate: Double = 0

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be 0 or more, not \(events).") }
        guard rate >= 0 else { throw ValidationError("--rate must be 0 or more, not \(rate).") }
        if let driftAt, driftAt < 0 { throw ValidationError("--drift-at must be 0 or more, not \(driftAt).") }
    }

    func run() async throws {
        var logger = Logger(label: "driftwatch.produce-synthetic")
        logger.logLevel = .warning
        let start = ContinuousClock.now
        var producer = SyntheticProducer(brokers: brokers, topic: topic, traffic: SyntheticTraffic(seed: seed, driftAt: driftAt))
        producer.rate = rate
        let result = try CommandSupport.guarded { try producer.produce(0..<events, logger: logger) }
        let seconds = (ContinuousClock.now - start).seconds
        guard result.failed == 0 else {
            throw CommandFailure(
                "\(result.failed) of \(events) events could not be delivered to '\(topic)': \(result.firstError ?? "unknown error")"
            )
        }
        print(String(format: "produced %d events (%.1f MB) to %@ in %.2f s (%.0f events/s)",
                     events, Double(result.bytes) / 1e6, topic, seconds, Double(events) / max(seconds, 1e-9)))
    }
}
