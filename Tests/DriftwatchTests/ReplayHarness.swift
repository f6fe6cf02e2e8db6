import DriftwatchCore
import DriftwatchSynthetic
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

    /// `replay` of `events` (and `labels`) through `context`: the published lines, their bytes,
    /// and the processor's counters.
    static func output(
        context: PipelineContext, events: [UInt8], labels: [UInt8]? = nil, options: Replay.Options
    ) throws -> (lines: [OutputLine], bytes: [UInt8], counters: ProcessorCounters) {
        let acks = AckQueue()
        var bytes: [UInt8] = []
        let driver = PipelineDriver.replaying(context: context, sink: ReplaySink(acks: acks) { bytes.append(contentsOf: $0) }, acks: acks)
        let counters = try Replay.run(driver: driver, events: events, labels: labels, options: options)
        let lines = try Replay.lines(bytes).map { r in
            let v = try JSONValue.parse(Array(bytes[r]))
            return OutputLine(topic: v["topic"]!.stringValue!, key: v["key"]?.stringValue,
                              value: v["value"]!, raw: String(decoding: bytes[r], as: UTF8.self))
        }
        return (lines, bytes, counters)
    }

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
        var config = config
        if labels != nil && config.topics.labels == nil { config.topics.labels = "labels" }
        let context = PipelineContext(config: config, references: [model: reference])
        let acks = AckQueue()
        var bytes: [UInt8] = []
        let sink = ReplaySink(acks: acks) { bytes.append(contentsOf: $0) }
        let driver = PipelineDriver.replaying(context: context, sink: sink, acks: acks)
        let counters = try Replay.run(driver: driver, events: events, labels: labels, options: .init(flush: false))
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

extension ReplayHarness {
    /// Rewrites one event's JSON.
    static func edit(_ bytes: inout [UInt8], _ body: (inout JSONObject) -> Void) {
        guard case .object(var object)? = try? JSONValue.parse(bytes) else { return }
        body(&object)
        var writer = JSONWriter()
        writer.write(.object(object))
        bytes = writer.bytes
    }

    static func scaleFeature(_ name: String, by factor: Double, in object: inout JSONObject) {
        guard case .object(var features)? = object["features"] else { return }
        if let x = features[name]?.doubleValue { features[name] = .number(x * factor) }
        object["features"] = .object(features)
    }

    /// Splits inline labels out of events into a labels file (same order, same event time).
    static func splitLabels(_ events: [UInt8], flip: (Int) -> Bool = { _ in false }) -> (events: [UInt8], labels: [UInt8]) {
        var outEvents: [UInt8] = []
        var outLabels: [UInt8] = []
        for (index, r) in Replay.lines(events).enumerated() {
            var line = Array(events[r])
            var label: JSONObject?
            edit(&line) { o in
                if let l = o["label"] {
                    var value = l
                    if flip(index), let x = l.doubleValue { value = .number(1 - x) }
                    label = ["event_id": o["event_id"]!, "model_id": o["model_id"]!, "label": value,
                             "timestamp": o["timestamp"]!]
                    o["label"] = nil
                }
            }
            outEvents.append(contentsOf: line)
            outEvents.append(UInt8(ascii: "\n"))
            if let label {
                var w = JSONWriter()
                w.write(.object(label))
                outLabels.append(contentsOf: w.bytes)
                outLabels.append(UInt8(ascii: "\n"))
            }
        }
        return (outEvents, outLabels)
    }
}
