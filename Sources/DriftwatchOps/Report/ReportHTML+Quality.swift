import DriftwatchCore
import Foundation

/// The model-quality section: accuracy, F1 and AUC over the model windows (a line chart), the
/// latest confusion matrix and ROC curve, and whether performance alerts can fire at all.

func renderModelQuality(_ model: ReportSnapshot.Model) -> String {
    let chart = chartWindows(model)
    let labelled = chart.windows.filter { $0.performance != nil }
    let source = labelled.last?.performance?.source ?? "inline_labels"
    var html = "<div class=\"card\"><h3>Model quality (\(escapeHTML(source.replacingOccurrences(of: "_", with: " "))))</h3>"
    let baseline = labelled.last?.performance.map(\.hasBaseline) ?? model.context?.hasPerformanceBaseline
    if baseline == false {
        html += "<div class=\"note\">Performance alerts are off: the reference profile has no labels, so there is no baseline "
        html += "\(model.context?.regression == true ? "RMSE" : "accuracy") to compare with. Build the reference with labels "
        html += "(<span class=\"mono\">reference build --labels</span>, or a <span class=\"mono\">label</span> column) to turn them on.</div>"
    }
    guard let latest = labelled.last, let p = latest.performance else {
        return html + "<div class=\"empty\">No labelled events in the windows shown: events carry no <span class=\"mono\">label</span>.</div></div>\n"
    }
    let regression = p.metrics["rmse"] != nil || p.metrics["mae"] != nil
    let names = regression ? ["mae", "rmse"] : ["accuracy", "f1", "auc"]
    let series = names.map { name in (name: metricTitle(name), values: labelled.map { $0.performance?.metrics[name] }) }
    var references: [(value: Double, label: String)] = []
    if let metric = p.metric, let base = p.baseline[metric] { references.append((base, "baseline \(metricTitle(metric)) \(formatAxis(base))")) }
    html += renderQualityTable(labelled.suffix(6))
    html += "<div class=\"grid3\"><div><h4>\(names.map(metricTitle).joined(separator: ", ")) over model windows</h4>"
    html += metricLinesSVG(series: series, windowLabels: labelled.map(\.axisLabel), unitRange: !regression, references: references,
                           title: "model quality over windows")
    html += "<div class=\"legend\">"
    for (index, s) in series.enumerated() {
        html += "<span><span class=\"sw\" style=\"background:\(ReportColors.palette[index % ReportColors.palette.count])\"></span>\(escapeHTML(s.name))</span>"
    }
    html += "</div></div>"
    if !regression {
        html += "<div><h4>Confusion matrix, \(escapeHTML(latest.window.shortName))</h4>\(renderConfusion(p.confusion))</div>"
        html += "<div><h4>ROC curve, \(escapeHTML(latest.window.shortName))</h4>"
        html += p.roc.count >= 2
            ? rocSVG(p.roc, auc: p.metrics["auc"])
            : "<div class=\"empty\">No ROC curve: it needs both classes, binary labels and a score on every labelled event.</div>"
        html += "</div>"
    }
    return html + "</div></div>\n"
}

func metricTitle(_ name: String) -> String {
    switch name {
    case "auc": "AUC"
    case "f1": "F1"
    case "mae": "MAE"
    case "rmse": "RMSE"
    default: name.prefix(1).uppercased() + name.dropFirst()
    }
}

/// The latest labelled windows, newest first: every metric the report carries, and the drop.
private func renderQualityTable(_ windows: ArraySlice<ReportWindowInput>) -> String {
    let shown = ReportPerformance.metricNames.filter { name in windows.contains { $0.performance?.metrics[name] != nil } }
    var html = "<table class=\"compact\"><thead><tr><th class=\"text\">Window</th><th>Labelled</th>"
    html += shown.map { "<th>\(metricTitle($0))</th>" }.joined() + "<th>Drop vs baseline</th></tr></thead><tbody>"
    for w in windows.reversed() {
        guard let p = w.performance else { continue }
        html += "<tr><td class=\"mono\">\(escapeHTML(w.axisLabel))</td><td>\(formatCount(p.labelled))</td>"
        for name in shown {
            let base = p.baseline[name].map { " <span class=\"ref\">(\(formatNumber($0)))</span>" } ?? ""
            html += "<td>\(formatOptional(p.metrics[name]))\(base)</td>"
        }
        html += "<td>\(p.drop.map { formatPercent($0) } ?? "–")</td></tr>"
    }
    html += "</tbody></table>"
    if windows.contains(where: { !($0.performance?.baseline.isEmpty ?? true) }) {
        html += "<div class=\"caption\">Baseline values (on the reference data) in brackets; the drop is relative, on \(escapeHTML(windows.last?.performance?.metric ?? "accuracy")).</div>"
    }
    return html
}

/// Rows are the true labels, columns the predicted classes; the diagonal (correct) in green.
private func renderConfusion(_ confusion: [String: [String: Int]]) -> String {
    guard !confusion.isEmpty else { return "<div class=\"empty\">The model report carries no confusion counts.</div>" }
    let classes = Set(confusion.keys).union(confusion.values.flatMap(\.keys)).sorted()
    let total = confusion.values.flatMap(\.values).reduce(0, +)
    var html = "<table class=\"matrix\"><thead><tr><th class=\"text\">label ↓ / predicted →</th>"
    html += classes.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr></thead><tbody>"
    for label in classes {
        html += "<tr><th class=\"text\">\(escapeHTML(label))</th>"
        for predicted in classes {
            let n = confusion[label]?[predicted] ?? 0
            let share = total > 0 ? Double(n) / Double(total) : 0
            // Tinted by share of all labelled events: green on the diagonal, red off it.
            let rgb = label == predicted ? "47,125,79" : "198,40,40"
            html += "<td style=\"background:rgba(\(rgb),\(svgNumber(0.06 + 0.5 * share)))\">\(formatCount(n))<span class=\"ref share\">\(formatPercent(share, digits: 0))</span></td>"
        }
        html += "</tr>"
    }
    return html + "</tbody></table>"
}
