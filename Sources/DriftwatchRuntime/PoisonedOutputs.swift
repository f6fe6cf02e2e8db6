public import DriftwatchCore
public import DriftwatchKafka
import Synchronization

/// Outputs the brokers refused for good (SPEC section 7: neither retried forever nor lost).
/// The producer's delivery thread parks them here; the pipeline's thread republishes each to the
/// dead-letter topic under the same ack token (`KafkaSink.deadLetterPoisoned`), so the offsets
/// they hold are released only once the dead letter is durable. A dead letter refused for good
/// leaves `stopSentence`: the worker then stops without committing past it. So does an output
/// whose delivery timed out (`KafkaSink.deliveryHandler`).
public final class PoisonedOutputs: Sendable {
    /// One refused output, as its delivery report returned it.
    public struct Refused: Sendable {
        public var token: UInt64
        public var topic: String
        public var key: [UInt8]?
        public var value: [UInt8]
        public var error: KafkaError
    }

    private let state = Mutex<(refused: [Refused], stop: String?, total: Int)>(([], nil, 0))

    public init() {}

    public func add(_ refused: Refused) {
        state.withLock { $0.refused.append(refused); $0.total += 1 }
    }

    /// Takes every refused output parked so far.
    public func take() -> [Refused] {
        state.withLock { s in
            defer { s.refused.removeAll() }
            return s.refused
        }
    }

    /// Records why the worker must stop (the first reason wins).
    public func stop(_ sentence: String) {
        state.withLock { if $0.stop == nil { $0.stop = sentence } }
    }

    public var stopSentence: String? { state.withLock { $0.stop } }
    /// Outputs dead-lettered so far (for logs and tests).
    public var total: Int { state.withLock { $0.total } }

    /// The dead letter for `refused`: its value unless its size was the problem, headers naming
    /// the error, the output's topic and id, and the input window it was built from.
    static func deadLetterHeaders(for refused: Refused) -> [KafkaHeader] {
        var headers = [
            KafkaHeader(key: "error", value: Array(refused.error.description.utf8)),
            KafkaHeader(key: "output.topic", value: Array(refused.topic.utf8)),
        ]
        guard let json = try? JSONValue.parse(refused.value) else { return headers }
        headers.append(KafkaHeader(key: "output.id", value: Array(outputID(json).utf8)))
        let window = json["window"]
        if let topic = window?["topic"]?.stringValue {
            headers.append(KafkaHeader(key: "source.topic", value: Array(topic.utf8)))
        }
        for field in ["partition", "start_offset", "end_offset"] {
            if let n = window?[field]?.doubleValue {
                headers.append(KafkaHeader(key: "source.\(field)", value: Array(String(Int64(n)).utf8)))
            }
        }
        return headers
    }

    /// The output's deterministic id (SPEC section 6): `alert_id`, `trigger_id`, else the
    /// report's kind, stage, model and window.
    static func outputID(_ json: JSONValue) -> String {
        if let id = json["alert_id"]?.stringValue { return id }
        if let id = json["trigger_id"]?.stringValue { return id }
        let w = json["window"]
        let parts = [json["kind"]?.stringValue, json["stage"]?.stringValue, json["model_id"]?.stringValue,
                     w?["topic"]?.stringValue, w?["partition"]?.doubleValue.map { String(Int64($0)) },
                     w?["start_offset"]?.doubleValue.map { String(Int64($0)) },
                     w?["end_offset"]?.doubleValue.map { String(Int64($0)) },
                     w?["index"]?.doubleValue.map { "index \(Int64($0))" }]
        return parts.map { $0 ?? "-" }.joined(separator: "/")
    }
}

/// Why the worker stopped: an output could be neither delivered nor dead-lettered. Its offsets
/// were not committed, so the next owner rebuilds and republishes it.
public struct UndeliverableOutput: Error, CustomStringConvertible {
    public let sentence: String
    public var description: String { sentence }
}
