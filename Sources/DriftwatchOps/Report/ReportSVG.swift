import DriftwatchCore
/// Inline SVG charts of the report: no scripts, no external fonts or files.

enum ReportColors {
    static let reference = "#8c99a6"
    static let palette = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00"]

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .none: "#2f7d4f"
        case .warning: "#c77700"
        case .critical: "#c62828"
        }
    }
}

/// Reference (grey, behind) and current (severity colour, in front, narrower) proportions per bin.
func histogramSVG(_ histogram: ReportHistogram, severity: Severity, title: String) -> String {
    let width = 340.0, height = 170.0
    let left = 40.0, right = 8.0, top = 10.0, bottom = 34.0
    let plotW = width - left - right, plotH = height - top - bottom
    let bins = max(1, max(histogram.reference.count, histogram.current.count))
    let peak = max(0.01, (histogram.reference + histogram.current).filter(\.isFinite).max() ?? 0)
    let yMax = proportionCeiling(peak)
    let binW = plotW / Double(bins)
    let colour = ReportColors.severity(severity)

    var svg = #"<svg class="hist" viewBox="0 0 \#(svgNumber(width)) \#(svgNumber(height))" role="img" aria-label="\#(escapeHTML(title))" xmlns="http://www.w3.org/2000/svg">"#
    svg += "<title>\(escapeHTML(title))</title>"
    // Horizontal grid and y labels at 0, half and full scale.
    for fraction in [0.0, 0.5, 1.0] {
        let y = top + plotH * (1 - fraction)
        svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(y))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(y))" class="grid"/>"#
        svg += #"<text x="\#(svgNumber(left - 4))" y="\#(svgNumber(y + 3))" class="tick" text-anchor="end">\#(formatAxis(yMax * fraction * 100))%</text>"#
    }
    for bin in 0..<bins {
        let x = left + Double(bin) * binW
        let label = bin < histogram.labels.count ? histogram.labels[bin] : "bin \(bin + 1)"
        let ref = bin < histogram.reference.count ? max(0, histogram.reference[bin]) : 0
        let cur = bin < histogram.current.count ? max(0, histogram.current[bin]) : 0
        let refH = plotH * min(1, ref / yMax), curH = plotH * min(1, cur / yMax)
        svg += "<g><title>\(escapeHTML(label)): reference \(formatPercent(ref)), current \(formatPercent(cur))</title>"
        svg += #"<rect x="\#(svgNumber(x + binW * 0.06))" y="\#(svgNumber(top + plotH - refH))" width="\#(svgNumber(binW * 0.88))" height="\#(svgNumber(refH))" fill="\#(ReportColors.reference)" fill-opacity="0.45"/>"#
        svg += #"<rect x="\#(svgNumber(x + binW * 0.24))" y="\#(svgNumber(top + plotH - curH))" width="\#(svgNumber(binW * 0.52))" height="\#(svgNumber(curH))" fill="\#(colour)" fill-opacity="0.85"/>"#
        svg += "</g>"
    }
    svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(top + plotH))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(top + plotH))" class="axis"/>"#
    svg += histogramAxisLabels(histogram, bins: bins, left: left, binW: binW, y: top + plotH + 13)
    svg += "</svg>"
    return svg
}

private func histogramAxisLabels(_ histogram: ReportHistogram, bins: Int, left: Double, binW: Double, y: Double) -> String {
    var svg = ""
    if let edges = histogram.edges, !edges.isEmpty {
        // Edge values at bin boundaries; every other one when crowded.
        let step = edges.count > 6 ? 2 : 1
        for (i, edge) in edges.enumerated() where i % step == 0 {
            let x = left + Double(i + 1) * binW
            svg += #"<line x1="\#(svgNumber(x))" y1="\#(svgNumber(y - 13))" x2="\#(svgNumber(x))" y2="\#(svgNumber(y - 9))" class="axis"/>"#
            svg += #"<text x="\#(svgNumber(x))" y="\#(svgNumber(y))" class="tick" text-anchor="middle">\#(escapeHTML(formatAxis(edge)))</text>"#
        }
    } else {
        let limit = bins <= 4 ? 12 : (bins <= 8 ? 7 : 4)
        let step = bins > 12 ? Int((Double(bins) / 8).rounded(.up)) : 1
        for bin in stride(from: 0, to: bins, by: step) where bin < histogram.labels.count {
            let x = left + (Double(bin) + 0.5) * binW
            svg += #"<text x="\#(svgNumber(x))" y="\#(svgNumber(y))" class="tick" text-anchor="middle">\#(escapeHTML(truncated(histogram.labels[bin], limit)))</text>"#
        }
    }
    return svg
}

/// PSI of a few features over the recent windows, with the warning (0.1) and critical (0.2) lines.
func psiTrendSVG(series: [(name: String, values: [Double?])], windowLabels: [String]) -> String {
    let count = max(1, windowLabels.count)
    let peak = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite).max() ?? 0
    let frame = WindowChartFrame(width: 760, height: 220, left: 40, right: 24, top: 12, bottom: 28, count: count,
                                 yMax: niceCeiling(max(0.25, peak * 1.1)))
    let (left, right, width, yMax) = (frame.left, frame.right, frame.width, frame.yMax)
    var svg = #"<svg class="trend" viewBox="0 0 \#(svgNumber(frame.width)) \#(svgNumber(frame.height))" role="img" aria-label="PSI over recent windows" xmlns="http://www.w3.org/2000/svg">"#
    svg += "<title>PSI over recent windows</title>"
    let leading = yMax / pow10(floorLog10(yMax))
    svg += frame.grid(divisions: abs(leading - 2) < 1e-9 ? 4 : 5)
    for (threshold, severity, name) in [(0.1, Severity.warning, "warning"), (0.2, .critical, "critical")] where threshold <= yMax {
        let y = frame.y(threshold)
        svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(y))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(y))" stroke="\#(ReportColors.severity(severity))" stroke-dasharray="5 4" stroke-width="1.2"/>"#
        // critical's label above its line, warning's below, so they never overlap.
        let labelY = severity == .critical ? y - 3 : y + 10
        svg += #"<text x="\#(svgNumber(width - right - 2))" y="\#(svgNumber(labelY))" class="tick" text-anchor="end" fill="\#(ReportColors.severity(severity))">\#(name) \#(formatAxis(threshold))</text>"#
    }
    svg += frame.series(series, windowLabels: windowLabels, valuePrefix: "PSI ")
    return svg + "</svg>"
}

/// The top of a proportion axis: the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at
/// least 5% above the tallest bar, and never above 100% (a share cannot exceed it; the old
/// 1-2-5 steps turned a 96% bar into a 200% axis).
func proportionCeiling(_ peak: Double) -> Double {
    guard peak.isFinite, peak > 0 else { return 1 }
    let target = peak * 1.05
    var exponent = 1.0
    while exponent > target { exponent /= 10 }
    while exponent * 10 <= target { exponent *= 10 }
    for factor in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where factor * exponent >= target {
        return min(1, factor * exponent)
    }
    return 1
}

/// The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ value.
func niceCeiling(_ value: Double) -> Double {
    guard value.isFinite, value > 0 else { return 1 }
    var exponent = 1.0
    while exponent > value { exponent /= 10 }
    while exponent * 10 <= value { exponent *= 10 }
    for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * exponent >= value { return factor * exponent }
    return 10 * exponent
}

private func floorLog10(_ value: Double) -> Int {
    var exponent = 0, scaled = value
    while scaled >= 10 { scaled /= 10; exponent += 1 }
    while scaled < 1 { scaled *= 10; exponent -= 1 }
    return exponent
}

private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    if exponent >= 0 { for _ in 0..<exponent { result *= 10 } } else { for _ in 0 ..< -exponent { result /= 10 } }
    return result
}
