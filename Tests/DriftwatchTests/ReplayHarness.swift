import DriftwatchCore
@testable import DriftwatchRuntime

/// One line of replay output.
struct OutputLine {
    var topic: String
    var key: String?
    var value: JSONValue
    var raw: String

    var kind: String? { value["kind"]?.stringValue }
    var type: String? { value["type"]?.stringValue }
    var severity: String? { value["severity"]?.stringValue }
}

enum ReplayHarness {
    static let model = SyntheticTraffic.modelID

    /// JSON Lines of synthetic events [start, start + count).
    static func events(
        seed: UInt64 = 1, count: Int, start: Int = 0, driftAt: Int? = nil,
        edit: ((Int, inout [UInt8]) -> Void)? = nil
    ) -> [UInt8] {
        let traffic = SyntheticTraffic(seed: seed, driftAt: driftAt)
        var out: [UInt8] = []
        out.reserveCapacity(count * 700)
        for i in start..<(start + count) {
            var e = traffic.event(at: i)
            edit?(i, &e)
            out.append(contentsOf: e)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// A reference from 20,000 clean events of another seed, built once.
    static let reference: ModelReference = {
        let traffic = SyntheticTraffic(seed: 777)
        let decoder = EventDecoder()
        var sampler = ReferenceSampler(modelID: model, symbols: decoder.symbols)
        var event = PredictionEvent()
        for i in 0..<20_000 {
            try! decoder.decode(traffic.event(at: i), into: &event)
            sampler.add(event)
        }
        return sampler.reference()
    }()

    static func config(windowSize: Int = 5_000, minEvents: Int = 1_000, cooldownSeconds: Double = 0,
                       retrainCooldownSeconds: Double = 0) -> DriftwatchConfig {
        var config = DriftwatchConfig()
        config.window.size = windowSize
        config.window.minEvents = minEvents
        config.alerts.cooldownSeconds = cooldownSeconds
        config.retrain.cooldownSeconds = retrainCooldownSeconds
        config.models[model] = DriftwatchConfig.Model(reference: "in-memory")
        return config
    }

    static func replay(
        config: DriftwatchConfig, events: [UInt8], labels: [UInt8]? = nil,
        reference: ModelReference = ReplayHarness.reference
    ) throws -> (lines: [OutputLine], bytes: [UInt8], counters: ProcessorCounters) {
        let context = PipelineContext(config: config, references: [model: reference])
        let acks = AckQueue()
        var bytes: [UInt8] = []
        let sink = ReplaySink(acks: acks) { bytes.append(contentsOf: $0) }
        let driver = PipelineDriver(context: context, sink: sink, acks: acks)
        let counters = try Replay.run(driver: driver, events: events, labels: labels)
        var lines: [OutputLine] = []
        for r in Replay.lines(bytes) {
            let raw = Array(bytes[r])
            let v = try JSONValue.parse(raw)
            lines.append(OutputLine(topic: v["topic"]!.stringValue!, key: v["key"]?.stringValue,
                                    value: v["value"]!, raw: String(decoding: raw, as: UTF8.self)))
        }
        return (lines, bytes, counters)
    }
}
