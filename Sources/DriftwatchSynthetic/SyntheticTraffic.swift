import DriftwatchCore
public import Foundation

/// Seeded synthetic prediction traffic for the demo, tests and benchmarks (SPEC section 3).
///
/// One model, `fraud-detector`, A/B versions `v1` (90%) and `v2` (10%); 20 numeric features of
/// varied shapes, 3 categorical features and one boolean, about 1% nulls, a 0/1 prediction with a
/// score, an immediate label on about 30% of events, a lognormal serving latency around 40 ms and
/// an error (without prediction) on about 0.5% of events. From event `driftAt` on, the features in
/// `driftedFeatures` shift clearly and the score distribution moves; the others are untouched.
///
/// Pure and random-access: `event(at:)` depends only on the seed, `driftAt` and the index.
public struct SyntheticTraffic: Sendable {
    public static let modelID = "fraud-detector"
    /// Event time of event 0: 2026-01-01T00:00:00Z in epoch milliseconds; events are 1 ms apart.
    public static let startTimestampMs: Int64 = 1_767_225_600_000
    /// Features whose distribution changes from `driftAt` on.
    public static let driftedFeatures = [
        "amount", "customer_age", "distance_km", "failed_logins", "merchant_category",
    ]
    public static let numericFeatures = [
        "amount", "customer_age", "account_days", "txn_24h", "credit_score",
        "income", "distance_km", "hour_of_day", "failed_logins",
        "basket_size", "card_present", "velocity_z", "ip_risk", "items_in_cart",
        "days_since_purchase", "discount_pct", "shipping_cost", "session_secs",
        "page_views", "merchant_risk",
    ]
    public static let categoricalFeatures = ["merchant_category", "device_type", "country"]
    public static let booleanFeatures = ["is_international"]

    public let seed: UInt64
    /// First drifted event index; nil means the traffic never drifts.
    public let driftAt: Int?

    public init(seed: UInt64 = 42, driftAt: Int? = nil) {
        self.seed = seed
        self.driftAt = driftAt
    }

    /// Whether event `index` is drawn from the drifted distribution.
    public func isDrifted(_ index: Int) -> Bool {
        guard let driftAt else { return false }
        return index >= driftAt
    }

    /// `event_id` of event `index`: "e-<seed>-<index>".
    public func eventID(at index: Int) -> String {
        "e-\(seed)-\(index)"
    }

    /// Suggested Kafka message key: the event id (predictions and labels co-partition on it).
    public func key(at index: Int) -> [UInt8] {
        Array(eventID(at: index).utf8)
    }

    /// Event time of event `index` in epoch milliseconds.
    public func timestampMs(at index: Int) -> Int64 {
        Self.startTimestampMs + Int64(index)
    }

    /// The JSON value of event `index` (UTF-8, about 600 bytes).
    public func event(at index: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed, stream: UInt64(index))
        let drifted = isDrifted(index)
        var out = JSONByteWriter(capacity: 768)
        out.raw("{")
        out.key("event_id", first: true)
        out.string(eventID(at: index))
        out.key("model_id")
        out.string(Self.modelID)
        out.key("model_version")
        out.string(rng.chance(0.9) ? "v1" : "v2")
        out.key("timestamp")
        out.integer(timestampMs(at: index))
        out.key("features")
        let features = SyntheticFeatures.draw(&rng, drifted: drifted)
        features.write(into: &out)
        writeOutcome(&out, rng: &rng, features: features, drifted: drifted)
        out.raw("}")
        return out.bytes
    }

    private func writeOutcome(
        _ out: inout JSONByteWriter, rng: inout SplitMix64, features: SyntheticFeatures, drifted: Bool
    ) {
        let latency = rng.logNormal(mu: log(40.0), sigma: 0.35)
        out.key("latency_ms")
        out.number(latency, decimals: 2)
        if rng.chance(0.005) {
            out.key("error")
            out.string("model timeout")
            return
        }
        // The true fraud probability and the model's (noisy) estimate of it.
        let truth = features.riskLogit
        let modelLogit = truth + rng.normal(mean: 0, sd: 0.6) + (drifted ? 0.9 : 0)
        let score = 1 / (1 + exp(-modelLogit))
        out.key("prediction")
        out.integer(score >= 0.5 ? 1 : 0)
        out.key("score")
        out.number(score, decimals: 4)
        if rng.chance(0.3) {
            var isFraud = rng.unit() < 1 / (1 + exp(-truth))
            // After the drift the world changed under the model: labels disagree more often.
            if drifted && rng.chance(0.2) { isFraud.toggle() }
            out.key("label")
            out.integer(isFraud ? 1 : 0)
        }
    }
}
