import DriftwatchCore
import Foundation

/// One event's feature draw (see `SyntheticTraffic`). Missing values are NaN here, `null` in JSON.
struct SyntheticFeatures {
    static let categories: [[String]] = [
        ["grocery", "electronics", "travel", "fashion", "gaming", "restaurants"],
        ["mobile", "desktop", "tablet"],
        ["US", "GB", "DE", "FR", "IN", "BR"],
    ]
    /// Cumulative category weights; the merchant mix changes under drift.
    static let merchantWeights: [Double] = [0.30, 0.50, 0.60, 0.80, 0.90, 1.00]
    static let merchantWeightsDrifted: [Double] = [0.12, 0.42, 0.62, 0.72, 0.95, 1.00]
    static let deviceWeights: [Double] = [0.62, 0.92, 1.00]
    static let countryWeights: [Double] = [0.45, 0.60, 0.72, 0.82, 0.94, 1.00]
    /// Decimal places written for each numeric feature (0 = integer).
    static let decimals = [2, 0, 0, 0, 0, 0, 3, 0, 0, 3, 4, 4, 4, 0, 2, 0, 2, 1, 0, 4]
    static let nullRate = 0.01

    var numbers: [Double]
    var categoryIndex: [Int]
    var isInternational: Bool?
    /// Log-odds of fraud implied by the (drifted or not) features.
    var riskLogit: Double

    static func draw(_ rng: inout SplitMix64, drifted: Bool) -> SyntheticFeatures {
        var x = [Double](repeating: 0, count: 20)
        x[0] = rng.logNormal(mu: 3.6, sigma: 0.9) * (drifted ? 1.6 : 1)          // amount
        x[1] = min(90, max(18, rng.normal(mean: 41, sd: 12).rounded())) + (drifted ? 8 : 0)
        x[2] = Double(rng.integer(0, 3_650))                                      // account age
        x[3] = Double(rng.poisson(mean: 3))                                       // transactions
        x[4] = min(850, max(300, rng.normal(mean: 680, sd: 60).rounded()))        // credit score
        x[5] = (rng.logNormal(mu: 10.9, sigma: 0.5) / 100).rounded() * 100         // income
        x[6] = rng.exponential(mean: 14) * (drifted ? 2.0 : 1)                    // distance
        x[7] = Double(rng.integer(0, 23))                                         // hour
        x[8] = Double(rng.poisson(mean: drifted ? 1.1 : 0.15))                    // failed logins
        x[9] = rng.normal(mean: 3.2, sd: 1.1)                                     // basket size
        x[10] = rng.unit()                                                        // card present
        x[11] = rng.standardNormal()                                              // velocity z
        let u = rng.unit()
        x[12] = u * u                                                             // ip risk
        x[13] = Double(rng.integer(1, 10))                                        // items
        x[14] = rng.exponential(mean: 12)                                         // days since
        x[15] = rng.chance(0.95) ? 0 : Double(5 * rng.integer(1, 4))              // mostly 0
        x[16] = rng.uniform(0, 25)                                                // shipping
        x[17] = rng.logNormal(mu: 5, sigma: 0.8)                                  // session
        x[18] = Double(rng.poisson(mean: 7))                                      // page views
        x[19] = rng.normal(mean: 0.3, sd: 0.1)                                    // merchant risk
        let merchant = rng.pick(cumulative: drifted ? merchantWeightsDrifted : merchantWeights)
        let device = rng.pick(cumulative: deviceWeights)
        let country = rng.pick(cumulative: countryWeights)
        let international = rng.chance(country == 0 ? 0.08 : 0.35)
        let logit = -2.2 + 0.45 * log(x[0] / 36) + 0.35 * x[8] + 0.02 * (x[6] - 14)
            + 1.2 * (x[12] - 0.33) + 0.4 * x[11] + (merchant == 1 || merchant == 4 ? 0.5 : 0)
            + (international ? 0.4 : 0) - 0.004 * (x[4] - 680)
        // Nulls are drawn after the values so they never change the risk or the other draws.
        for index in 0..<20 where rng.chance(nullRate) {
            x[index] = .nan
        }
        var categories = [merchant, device, country]
        for index in 0..<3 where rng.chance(nullRate) {
            categories[index] = -1
        }
        return SyntheticFeatures(
            numbers: x,
            categoryIndex: categories,
            isInternational: rng.chance(nullRate) ? nil : international,
            riskLogit: logit
        )
    }

    func write(into out: inout JSONByteWriter) {
        out.raw("{")
        for (index, name) in SyntheticTraffic.numericFeatures.enumerated() {
            if index > 0 { out.raw(",") }
            out.string(name)
            out.raw(":")
            let value = numbers[index]
            if value.isNaN {
                out.raw("null")
            } else {
                out.number(value, decimals: Self.decimals[index])
            }
        }
        for (index, name) in SyntheticTraffic.categoricalFeatures.enumerated() {
            out.raw(",")
            out.string(name)
            out.raw(":")
            let category = categoryIndex[index]
            if category < 0 {
                out.raw("null")
            } else {
                out.string(Self.categories[index][category])
            }
        }
        out.raw(",\"is_international\":")
        switch isInternational {
        case .some(true): out.raw("true")
        case .some(false): out.raw("false")
        case .none: out.raw("null")
        }
        out.raw("}")
    }
}
