import Foundation

/// A small, seeded pseudo-random generator (Steele, Lea & Flood's SplitMix64).
///
/// Synthetic traffic must be reproducible for a seed on every machine, so it never uses
/// `SystemRandomNumberGenerator`. Each event gets its own generator, seeded from the traffic
/// seed and the event index, which makes `SyntheticTraffic.event(at:)` random-access.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one stream (e.g. one event index) derived from a base seed.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
        let base = mixer.next()
        state = base &+ stream &* 0x9E37_79B9_7F4A_7C15
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// Uniform integer in low...high.
    public mutating func integer(_ low: Int, _ high: Int) -> Int {
        low + Int(next() % UInt64(high - low + 1))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// Standard normal by the Box–Muller transform (one value per call; deterministic).
    public mutating func standardNormal() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * standardNormal()
    }

    public mutating func logNormal(mu: Double, sigma: Double) -> Double {
        exp(normal(mean: mu, sd: sigma))
    }

    public mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - unit())
    }

    /// Poisson counts by inversion of the CDF from one uniform draw, so a changed mean never
    /// changes how many draws the next values see (fine for the small means used here).
    public mutating func poisson(mean: Double) -> Int {
        let target = unit()
        var probability = exp(-mean)
        var cumulative = probability
        var count = 0
        while target >= cumulative && count < 1_000 {
            count += 1
            probability *= mean / Double(count)
            cumulative += probability
        }
        return count
    }

    /// Index drawn from cumulative weights (the last entry must be the total).
    public mutating func pick(cumulative weights: [Double]) -> Int {
        let target = unit() * weights[weights.count - 1]
        for (index, bound) in weights.enumerated() where target < bound {
            return index
        }
        return weights.count - 1
    }
}
