import ArgumentParser
import DriftwatchCore
import DriftwatchSynthetic
import Foundation

/// `driftwatch bench decode`: decodes synthetic events on one core with `EventDecoder` and with
/// Foundation's JSONSerialization, and prints events/s and MB/s for each.
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decoding throughput on one core: EventDecoder vs JSONSerialization on synthetic events."
    )

    @Option(help: "Synthetic events in the corpus.")
    var events = 200_000

    @Option(help: "Timed passes over the corpus with EventDecoder (the best is reported).")
    var passes = 10

    @Option(help: "Events decoded with JSONSerialization and JSONDecoder (0 skips them).")
    var foundationEvents = 50_000

    @Option(help: "Seed of the synthetic traffic.")
    var seed: UInt64 = 42

    func run() throws {
        let traffic = SyntheticTraffic(seed: seed, driftAt: events / 2)
        var corpus: [UInt8] = []
        var bounds: [Range<Int>] = []
        corpus.reserveCapacity(events * 640)
        for i in 0..<events {
            let start = corpus.count
            corpus += traffic.event(at: i)
            bounds.append(start..<corpus.count)
        }
        let megabytes = Double(corpus.count) / 1_000_000
        print("corpus: \(events) synthetic events, \(corpus.count) bytes (\(corpus.count / max(events, 1)) bytes/event)")

        let decoder = EventDecoder()
        var event = PredictionEvent()
        var best = Double.infinity
        var bestWall = Double.infinity
        var checksum = 0.0
        var failures = 0
        try corpus.withUnsafeBytes { raw in
            for pass in 0...passes {
                let clock = ContinuousClock()
                let start = clock.now
                let cpuStart = threadCPUSeconds()
                for range in bounds {
                    do {
                        try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[range]), into: &event)
                        checksum += Double(event.features.count) + (event.score ?? 0)
                    } catch {
                        failures += 1
                    }
                }
                let cpu = threadCPUSeconds() - cpuStart
                let wall = (clock.now - start).seconds
                if pass > 0 { best = min(best, cpu); bestWall = min(bestWall, wall) } // pass 0 warms up
            }
            if failures > 0 { throw ValidationError("\(failures) synthetic events failed to decode") }
        }
        report("EventDecoder", events: events, seconds: best, megabytes: megabytes, wall: bestWall)

        if foundationEvents > 0 {
            let n = min(foundationEvents, events)
            let datas = bounds.prefix(n).map { Data(corpus[$0]) }
            let clock = ContinuousClock()
            let start = clock.now
            let cpuStart = threadCPUSeconds()
            for data in datas {
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                checksum += Double((object?["features"] as? [String: Any])?.count ?? 0)
            }
            report("JSONSerialization", events: n, seconds: threadCPUSeconds() - cpuStart,
                   megabytes: megabytes * Double(n) / Double(events), wall: (clock.now - start).seconds)

            let jsonDecoder = JSONDecoder()
            let codableStart = clock.now
            let codableCPUStart = threadCPUSeconds()
            for data in datas {
                let decoded = try jsonDecoder.decode(CodableEvent.self, from: data)
                checksum += Double(decoded.features.count) + (decoded.score ?? 0)
            }
            report("JSONDecoder", events: n, seconds: threadCPUSeconds() - codableCPUStart,
                   megabytes: megabytes * Double(n) / Double(events), wall: (clock.now - codableStart).seconds)
        }
        print("checksum: \(checksum)")
    }

    /// Rates over the thread's CPU time (robust when other processes share the cores); the
    /// wall-clock rate is printed beside it.
    private func report(_ name: String, events: Int, seconds: Double, megabytes: Double, wall: Double) {
        let rate = Double(events) / seconds
        print("\(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(Int(rate)) events/s  \(String(format: "%.0f", megabytes / seconds)) MB/s  "
              + "(\(events) events in \(String(format: "%.3f", seconds)) s CPU on one thread; wall clock \(Int(Double(events) / wall)) events/s)")
    }

    private func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// The event as Codable, for the JSONDecoder comparison.
private struct CodableEvent: Decodable {
    enum Value: Decodable {
        case number(Double), string(String), bool(Bool), null
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }
    var event_id: String
    var model_id: String
    var model_version: String?
    var timestamp: Double?
    var features: [String: Value]
    var prediction: Value?
    var score: Double?
    var label: Value?
    var latency_ms: Double?
    var error: String?
}

// Duration.seconds is defined once, in ProduceSyntheticCommand.swift.
