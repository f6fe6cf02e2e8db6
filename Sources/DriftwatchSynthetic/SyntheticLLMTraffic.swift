public import DriftwatchCore
public import Foundation

/// Seeded synthetic traffic of an LLM application (`pipelines/llm-app.yaml`'s
/// `support-assistant`), built to exercise the issue 12 rules: each `Incident` switched on from
/// event `incidentAt` crosses one rule, and the traffic without incidents stays below all three.
///
/// Two versions, `2026-11` and `2026-12`, half the traffic each; one request per second of event
/// time from 2026-01-01T00:00:00Z. Features follow the reference of
/// `scripts/make-example-references.sh` (prompt length, language, channel, retrieved documents),
/// the prediction is the routed intent. The `llm` block names `gpt-4o-mini` (priced from
/// `llm_pricing`, about $0.0002 a request), has TTFT, a finish reason (`length` 3%), a judge
/// score and groundedness on 20% of requests and a safety flag (true 0.1%) on every request.
///
/// - `versionRegression`: version 2026-12 fails 6% of requests (2026-11: 1%) and is 40% slower.
/// - `qualityDrop`: judge quality about 3.0 of 5, groundedness about 0.60, 2% safety-flagged.
/// - `costSpike`: every request goes to `gpt-4o` with four times the completion tokens (about
///   $0.009 a request, $18 per 2,000: `llm-app.yaml`'s $60 budget is gone in under two hours).
///
/// Pure and random-access: `event(at:)` depends only on the seed, the incidents and the index.
public struct SyntheticLLMTraffic: Sendable {
    public static let modelID = "support-assistant"
    public static let versions = ["2026-11", "2026-12"]
    public static let startTimestampMs: Int64 = 1_767_225_600_000
    /// Event time between requests.
    public static let intervalMs: Int64 = 1_000

    public enum Incident: String, Sendable, CaseIterable {
        case versionRegression = "version-regression"
        case qualityDrop = "quality-drop"
        case costSpike = "cost-spike"
    }

    public let seed: UInt64
    public let incidents: Set<Incident>
    /// First event of the incidents (nil: none).
    public let incidentAt: Int?

    public init(seed: UInt64 = 42, incidents: Set<Incident> = [], incidentAt: Int? = nil) {
        self.seed = seed
        self.incidents = incidents
        self.incidentAt = incidents.isEmpty ? nil : incidentAt ?? 0
    }

    func has(_ incident: Incident, at index: Int) -> Bool {
        guard let incidentAt, index >= incidentAt else { return false }
        return incidents.contains(incident)
    }

    public func timestampMs(at index: Int) -> Int64 { Self.startTimestampMs + Int64(index) * Self.intervalMs }

    /// `event_id` of event `index`, also its Kafka message key.
    public func eventID(at index: Int) -> String { "llm-\(seed)-\(index)" }
    public func key(at index: Int) -> [UInt8] { Array(eventID(at: index).utf8) }

    /// A reference profile of the clean traffic (what the application looked like before), for
    /// `driftwatch demo --llm` and tests.
    public static func reference(seed: UInt64, count: Int) -> ModelReference {
        let traffic = SyntheticLLMTraffic(seed: seed)
        let decoder = EventDecoder()
        var sampler = ReferenceSampler(modelID: modelID, symbols: decoder.symbols)
        var event = PredictionEvent()
        for i in 0..<count {
            guard (try? decoder.decode(traffic.event(at: i), into: &event)) != nil else { continue }
            sampler.add(event)
        }
        return sampler.reference()
    }

    static let languages = ["en", "de", "fr", "es", "ja"]
    static let languageWeights = [0.6, 0.72, 0.82, 0.92, 1.0]
    static let channels = ["web", "app", "email"]
    static let channelWeights = [0.5, 0.85, 1.0]
    static let intents = ["billing", "technical", "account", "other"]
    static let intentWeights = [0.3, 0.7, 0.9, 1.0]

    /// The JSON value of event `index` (UTF-8, about 450 bytes).
    public func event(at index: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed, stream: UInt64(index))
        let version = rng.chance(0.5) ? 1 : 0
        let regressed = version == 1 && has(.versionRegression, at: index)
        var out = JSONByteWriter(capacity: 512)
        out.raw("{")
        out.key("event_id", first: true)
        out.string(eventID(at: index))
        out.key("model_id")
        out.string(Self.modelID)
        out.key("model_version")
        out.string(Self.versions[version])
        out.key("timestamp")
        out.integer(timestampMs(at: index))
        let promptChars = min(20_000, max(5, rng.logNormal(mu: 5.5, sigma: 0.8).rounded()))
        out.key("features")
        out.raw("{")
        out.key("prompt_chars", first: true)
        out.number(promptChars, decimals: 0)
        out.key("language")
        out.string(Self.languages[rng.pick(cumulative: Self.languageWeights)])
        out.key("channel")
        out.string(Self.channels[rng.pick(cumulative: Self.channelWeights)])
        out.key("retrieved_docs")
        out.integer(Int64(rng.poisson(mean: 4)))
        out.raw("}")
        let latency = rng.logNormal(mu: log(1_200.0), sigma: 0.35) * (regressed ? 1.4 : 1)
        out.key("latency_ms")
        out.number(latency, decimals: 1)
        if rng.chance(regressed ? 0.06 : 0.01) {
            out.key("error")
            out.string("upstream timeout")
            return close(&out)
        }
        out.key("prediction")
        out.string(Self.intents[rng.pick(cumulative: Self.intentWeights)])
        writeLLM(&out, rng: &rng, promptChars: promptChars, latency: latency, index: index)
        return close(&out)
    }

    private func close(_ out: inout JSONByteWriter) -> [UInt8] {
        out.raw("}")
        return out.bytes
    }

    private func writeLLM(_ out: inout JSONByteWriter, rng: inout SplitMix64, promptChars: Double, latency: Double, index: Int) {
        let spike = has(.costSpike, at: index), poor = has(.qualityDrop, at: index)
        out.key("llm")
        out.raw("{")
        out.key("model", first: true)
        out.string(spike ? "gpt-4o" : "gpt-4o-mini")
        out.key("prompt_tokens")
        out.integer(Int64(promptChars / 4) + 350)
        out.key("completion_tokens")
        out.integer(Int64(rng.logNormal(mu: log(180.0), sigma: 0.5) * (spike ? 4 : 1)))
        out.key("ttft_ms")
        out.number(latency * rng.uniform(0.15, 0.35), decimals: 1)
        out.key("finish_reason")
        out.string(rng.chance(0.03) ? "length" : "stop")
        if rng.chance(0.2) {
            out.key("quality")
            out.number(min(5, max(0, rng.normal(mean: poor ? 3.0 : 4.2, sd: 0.6))), decimals: 2)
            out.key("groundedness")
            out.number(min(1, max(0, rng.normal(mean: poor ? 0.6 : 0.86, sd: 0.08))), decimals: 3)
        }
        out.key("safety_flag")
        out.raw(rng.chance(poor ? 0.02 : 0.001) ? "true" : "false")
        out.raw("}")
    }
}
