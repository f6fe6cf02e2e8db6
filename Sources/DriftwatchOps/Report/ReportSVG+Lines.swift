import DriftwatchCore

/// Line charts of the model-quality section: metrics over the model windows, and the ROC curve.

/// Metrics over windows, one line each. `unitRange`: the y axis is 0–1 (accuracy, F1, AUC);
/// otherwise 0 to a round value above the data. `references` are dashed horizontal lines.
func metricLinesSVG(series: [(name: String, values: [Double?])], windowLabels: [String], unitRange: Bool,
                    references: [(value: Double, label: String)] = [], title: String) -> String {
    let count = max(1, windowLabels.count)
    let peak = (series.flatMap { $0.values.compactMap { $0 } } + references.map(\.value)).filter(\.isFinite).max() ?? 0
    let frame = WindowChartFrame(width: 460, height: 230, left: 40, right: 16, top: 12, bottom: 28, count: count,
                                 yMax: unitRange ? 1.0 : niceCeiling(max(peak * 1.1, 1e-9)))
    let (left, right, width) = (frame.left, frame.right, frame.width)
    var svg = #"<svg class="lines" viewBox="0 0 \#(svgNumber(frame.width)) \#(svgNumber(frame.height))" role="img" aria-label="\#(escapeHTML(title))" xmlns="http://www.w3.org/2000/svg">"#
    svg += "<title>\(escapeHTML(title))</title>"
    svg += frame.grid(divisions: 4)
    for reference in references where reference.value.isFinite {
        let y = frame.y(reference.value)
        svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(y))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(y))" stroke="\#(ReportColors.reference)" stroke-dasharray="5 4" stroke-width="1.2"/>"#
        svg += #"<text x="\#(svgNumber(width - right - 2))" y="\#(svgNumber(y - 3))" class="tick" text-anchor="end">\#(escapeHTML(reference.label))</text>"#
    }
    svg += frame.series(series, windowLabels: windowLabels)
    return svg + "</svg>"
}

/// The ROC curve on the unit square with the chance diagonal; the AUC in the corner.
func rocSVG(_ points: [ReportROCPoint], auc: Double?) -> String {
    let size = 230.0, left = 40.0, right = 12.0, top = 12.0, bottom = 34.0
    let plot = size - top - bottom
    let width = left + plot + right
    func x(_ v: Double) -> Double { left + plot * min(max(v, 0), 1) }
    func y(_ v: Double) -> Double { top + plot * (1 - min(max(v, 0), 1)) }
    var svg = #"<svg class="roc" viewBox="0 0 \#(svgNumber(width)) \#(svgNumber(size))" role="img" aria-label="ROC curve" xmlns="http://www.w3.org/2000/svg">"#
    svg += "<title>ROC curve\(auc.map { ", AUC \(formatNumber($0))" } ?? "")</title>"
    for tick in [0.0, 0.5, 1.0] {
        svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(y(tick)))" x2="\#(svgNumber(left + plot))" y2="\#(svgNumber(y(tick)))" class="grid"/>"#
        svg += #"<line x1="\#(svgNumber(x(tick)))" y1="\#(svgNumber(top))" x2="\#(svgNumber(x(tick)))" y2="\#(svgNumber(top + plot))" class="grid"/>"#
        svg += #"<text x="\#(svgNumber(left - 5))" y="\#(svgNumber(y(tick) + 3))" class="tick" text-anchor="end">\#(formatAxis(tick))</text>"#
        svg += #"<text x="\#(svgNumber(x(tick)))" y="\#(svgNumber(top + plot + 13))" class="tick" text-anchor="middle">\#(formatAxis(tick))</text>"#
    }
    svg += #"<text x="\#(svgNumber(left + plot / 2))" y="\#(svgNumber(size - 4))" class="tick" text-anchor="middle">false positive rate</text>"#
    svg += #"<text x="10" y="\#(svgNumber(top + plot / 2))" class="tick" text-anchor="middle" transform="rotate(-90 10 \#(svgNumber(top + plot / 2)))">true positive rate</text>"#
    svg += #"<line x1="\#(svgNumber(x(0)))" y1="\#(svgNumber(y(0)))" x2="\#(svgNumber(x(1)))" y2="\#(svgNumber(y(1)))" stroke="\#(ReportColors.reference)" stroke-dasharray="4 4"/>"#
    let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(svgNumber(x(p.fpr))) \(svgNumber(y(p.tpr)))" }.joined(separator: " ")
    svg += #"<path d="\#(path)" fill="none" stroke="\#(ReportColors.palette[0])" stroke-width="2" stroke-linejoin="round"/>"#
    if let auc {
        svg += #"<text x="\#(svgNumber(left + plot - 4))" y="\#(svgNumber(top + plot - 8))" class="tick strong" text-anchor="end">AUC \#(formatNumber(auc))</text>"#
    }
    return svg + "</svg>"
}
