import Foundation

/// Jensen–Shannon distance between two count tables over the same bins or categories, exactly
/// `scipy.spatial.distance.jensenshannon(p, q)` (natural log): p and q are normalised to sum 1,
/// m = (p + q) / 2, and the distance is sqrt((KL(p‖m) + KL(q‖m)) / 2), with 0·ln 0 = 0
/// (`scipy.special.rel_entr`). Raw proportions, no floor (SPEC section 5). Range [0, sqrt(ln 2)].
/// NaN when either table is empty.
public func jensenShannonDistance(reference: [Int], current: [Int]) -> Double {
    precondition(reference.count == current.count, "JS needs the same bins on both sides")
    let nR = reference.reduce(0, +)
    let nC = current.reduce(0, +)
    if nR == 0 || nC == 0 { return .nan }
    var divergence = 0.0
    for i in 0..<reference.count {
        let p = Double(reference[i]) / Double(nR)
        let q = Double(current[i]) / Double(nC)
        let m = (p + q) / 2
        if p > 0 { divergence += p * log(p / m) }
        if q > 0 { divergence += q * log(q / m) }
    }
    // Rounding can make a zero divergence slightly negative (scipy would return NaN there;
    // we return 0, the exact value).
    return Swift.max(divergence / 2, 0).squareRoot()
}
