/// The exact sum of a set of doubles, independent of the order they were added in.
///
/// Window summaries are merged in whatever order the model stage meets them, yet the merged
/// summary must be the same value (and the same bytes) whichever order that was; floating-point
/// addition is not associative, so sums of x and x² are kept exactly instead: as a big
/// fixed-point integer in units of 2^-1074 (the smallest subnormal), in 32-bit limbs. Every
/// finite double is an integer multiple of that unit, so adding one is exact, and the canonical
/// form (sign + magnitude, no zero limbs) makes `==` the equality of the real sums.
/// `value` rounds the sum to a double once, at the end (within 1 ulp).
/// Non-finite inputs are the caller's business (columns count them as missing, never add them).
public struct ExactSum: Sendable, Equatable {
    /// Bits per limb; limb k holds bits [32k, 32k + 32) of the magnitude in units of 2^-1074.
    static let limbBits = 32
    /// 2098 bits cover every finite double's position (up to 2^1024 / 2^-1074) and some carry room.
    static let denseLimbs = 68

    /// True when the sum is negative.
    public private(set) var negative = false
    /// Non-zero limbs of the magnitude, least significant first, each in 1..<2^32.
    public private(set) var positions: [Int16] = []
    public private(set) var limbs: [UInt32] = []

    public init() {}

    /// The sum of `values` (each finite).
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        var acc = Accumulator()
        for v in values { acc.add(v) }
        self = acc.sum
    }

    /// Canonical form from sign and sparse limbs (as read back from JSON); nil if not canonical.
    public init?(negative: Bool, positions: [Int16], limbs: [UInt32]) {
        guard positions.count == limbs.count, !limbs.contains(0),
              zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }),
              positions.allSatisfy({ $0 >= 0 && Int($0) <= Self.denseLimbs }),
              !(negative && limbs.isEmpty) else { return nil }
        self.negative = negative
        self.positions = positions
        self.limbs = limbs
    }

    public var isZero: Bool { limbs.isEmpty }

    /// The sum rounded to a double (the top three limbs carry more than 64 significant bits).
    public var value: Double {
        guard !limbs.isEmpty else { return 0 }
        var result = 0.0
        let top = limbs.count - 1
        for k in stride(from: Swift.max(0, top - 3), through: top, by: 1) {
            let exponent = Int(positions[k]) * Self.limbBits - 1074
            result += Double(sign: .plus, exponent: exponent, significand: Double(limbs[k]))
        }
        return negative ? -result : result
    }

    public static func + (a: ExactSum, b: ExactSum) -> ExactSum {
        var acc = Accumulator()
        acc.add(a)
        acc.add(b)
        return acc.sum
    }

    public static func += (a: inout ExactSum, b: ExactSum) { a = a + b }

    public static prefix func - (a: ExactSum) -> ExactSum {
        var r = a
        r.negative = !a.negative && !a.limbs.isEmpty
        return r
    }

    public static func - (a: ExactSum, b: ExactSum) -> ExactSum { a + (-b) }

    /// Dense signed limbs for adding many values; each limb takes < 2^33 per add, so 2^30 adds
    /// fit in an Int64 before `sum` normalises.
    public struct Accumulator {
        private var dense = [Int64](repeating: 0, count: ExactSum.denseLimbs + 1)

        public init() {}

        public mutating func add(_ x: Double) {
            dense.withUnsafeMutableBufferPointer { Self.add(x, to: $0.baseAddress!) }
        }

        /// Adds every finite value of `values` (NaN and ±inf are skipped, as by `add`).
        public mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
            dense.withUnsafeMutableBufferPointer { d in
                let base = d.baseAddress!
                for x in values { Self.add(x, to: base) }
            }
        }

        /// Adds x² exactly for every finite x of `values`, as the two doubles p = x·x and the
        /// rounding error x·x − p (`fma`); an x² that overflows adds nothing (`add` skips ±inf, NaN).
        public mutating func addSquares(of values: UnsafeBufferPointer<Double>) {
            dense.withUnsafeMutableBufferPointer { d in
                let base = d.baseAddress!
                for x in values where x.isFinite {
                    let p = x * x
                    Self.add(p, to: base)
                    Self.add((-p).addingProduct(x, x), to: base)
                }
            }
        }

        /// The body of `add`, on the dense limbs (`denseLimbs + 1` of them) without bounds checks:
        /// the highest limb touched is 63 + 2 for the largest finite double.
        @inline(__always)
        static func add(_ x: Double, to dense: UnsafeMutablePointer<Int64>) {
            guard x != 0, x.isFinite else { return }
            let biased = Int(x.exponentBitPattern)
            var significand = x.significandBitPattern
            // Normal numbers: implicit leading 1, unit 2^(biased - 1075); subnormals: unit 2^-1074.
            let offset: Int
            if biased == 0 {
                offset = 0
            } else {
                significand |= 1 << 52
                offset = biased - 1
            }
            let limb = offset / ExactSum.limbBits
            let shift = UInt64(offset % ExactSum.limbBits)
            // significand << shift spans at most 53 + 31 = 84 bits: three limbs.
            let low = (significand << shift) & 0xFFFF_FFFF
            let mid = (significand >> (32 - shift)) & 0xFFFF_FFFF
            let high = significand >> (64 - shift)  // 0 when shift is 0 (smart shift)
            let sign: Int64 = x < 0 ? -1 : 1
            dense[limb] &+= sign &* Int64(low)
            dense[limb + 1] &+= sign &* Int64(mid)
            dense[limb + 2] &+= sign &* Int64(high)
        }

        mutating func add(_ s: ExactSum) {
            let sign: Int64 = s.negative ? -1 : 1
            for (p, l) in zip(s.positions, s.limbs) { dense[Int(p)] += sign * Int64(l) }
        }

        /// Carries propagated, sign taken from the top, magnitude stored sparsely.
        public var sum: ExactSum {
            var d = dense
            var negative = Self.normalize(&d)
            if negative {
                for i in d.indices { d[i] = -d[i] }
                _ = Self.normalize(&d)
            }
            var result = ExactSum()
            for i in d.indices where d[i] != 0 {
                result.positions.append(Int16(i))
                result.limbs.append(UInt32(d[i]))
            }
            if result.limbs.isEmpty { negative = false }
            result.negative = negative
            return result
        }

        /// Propagates carries so every limb but the top is in [0, 2^32); true when the total is
        /// negative (the top limb is then negative).
        private static func normalize(_ d: inout [Int64]) -> Bool {
            d.withUnsafeMutableBufferPointer { d in
                for i in 0..<(d.count - 1) {
                    // floor(d / 2^32) (an arithmetic shift rounds toward −inf) and the rest in [0, 2^32).
                    let carry = d[i] >> 32
                    d[i] &= 0xFFFF_FFFF
                    d[i + 1] += carry
                }
            }
            return d[d.count - 1] < 0
        }
    }
}
