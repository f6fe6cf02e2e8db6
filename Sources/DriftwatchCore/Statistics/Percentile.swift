/// The q-th percentile (0...100) of ascending `sortedValues`, exactly as
/// `numpy.percentile(a, q)` with the default `method="linear"` (numpy 2.x `_quantile` + `_lerp`):
/// virtual index `(n - 1) * (q / 100)`, weight `g` = its fractional part, and
/// `a + (b - a) * g` when `g < 0.5`, `b - (b - a) * (1 - g)` otherwise. Same rounding as numpy, so
/// PSI bin edges are bit-identical to numpy's. Returns NaN for an empty array.
public func percentile(_ sortedValues: [Double], _ q: Double) -> Double {
    let n = sortedValues.count
    if n == 0 { return .nan }
    let virtualIndex = Double(n - 1) * (q / 100)
    if virtualIndex >= Double(n - 1) { return sortedValues[n - 1] }
    if virtualIndex <= 0 { return sortedValues[0] }
    let previous = virtualIndex.rounded(.down)
    let i = Int(previous)
    let gamma = virtualIndex - previous
    let a = sortedValues[i]
    let b = sortedValues[i + 1]
    let diff = b - a
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
}

/// Several percentiles of the same ascending array (`numpy.percentile(a, qs)`).
public func percentiles(_ sortedValues: [Double], _ qs: [Double]) -> [Double] {
    qs.map { percentile(sortedValues, $0) }
}
