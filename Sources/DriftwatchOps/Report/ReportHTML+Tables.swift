import DriftwatchCore

/// The report's drift table (with each feature's thresholds), histograms and alert/trigger tables.

/// The thresholds a feature is judged by: the configuration's (adaptive ones included, they
/// replace the configured values at load) when the report has the pipeline's context, otherwise
/// the SPEC defaults of the method the report names.
func thresholds(for feature: ReportFeature, context: ReportModelContext?, outputs: Bool = false) -> ReportModelContext.Thresholds {
    if outputs, let t = context?.outputThresholds, t.method == feature.method { return t }
    if !outputs, let t = context?.thresholds[feature.name], t.method == feature.method { return t }
    return ReportModelContext.Thresholds(method: DriftMethod(rawValue: feature.method) ?? .psi)
}

/// "≥ 0.1 / ≥ 0.2" or "p < 0.05 / < 0.001" (warning / critical).
func thresholdText(_ t: ReportModelContext.Thresholds) -> String {
    t.isPValue
        ? "p &lt; \(formatAxis(t.warning)) / &lt; \(formatAxis(t.critical))"
        : "≥ \(formatAxis(t.warning)) / ≥ \(formatAxis(t.critical))"
}

/// The column holding the value the method decides on (ks and chi2 swap on categorical
/// features, wasserstein falls back to js there, as `decisionValue` does).
private func decidingColumn(_ f: ReportFeature) -> String {
    let categorical = f.kind == "categorical"
    switch f.method {
    case "ks", "chi2": return categorical ? "chi2" : "ks"
    case "wasserstein": return categorical ? "js" : "wasserstein"
    case "js": return "js"
    default: return "psi"
    }
}

func renderFeatureTable(_ features: [ReportFeature], context: ReportModelContext? = nil, outputs: Bool = false) -> String {
    var html = "<table class=\"drift\"><thead><tr><th class=\"text\">\(outputs ? "Output" : "Feature")</th><th class=\"text\">Type</th><th class=\"text\">Method</th>"
    html += "<th class=\"text\" title=\"warning / critical\">Thresholds</th>"
    html += "<th>PSI</th><th>KS D</th><th>KS p</th><th>Wasserstein</th><th>W / σ</th><th>JS distance</th><th>χ² p</th><th>Missing</th><th>Severity</th></tr></thead><tbody>"
    for f in features {
        let psiWidth = min(100, max(0, (f.psi ?? 0) / 0.4 * 100))
        let decides = decidingColumn(f)
        func cell(_ column: String, _ text: String) -> String {
            column == decides ? "<td class=\"decides nowrap\" title=\"the value \(escapeHTML(f.method)) decides on\">\(text)</td>" : "<td class=\"nowrap\">\(text)</td>"
        }
        html += "<tr class=\"sev-\(f.severity.rawValue)\"><td class=\"name\">\(escapeHTML(f.name))"
        if !f.newCategories.isEmpty {
            html += " <span class=\"badge info\" title=\"\(escapeHTML(f.newCategories.joined(separator: ", ")))\">\(f.newCategories.count) new</span>"
        }
        html += "</td><td class=\"text\">\(escapeHTML(f.kind))</td><td class=\"text\">\(escapeHTML(f.method))</td>"
        html += "<td class=\"text nowrap thresholds\">\(thresholdText(thresholds(for: f, context: context, outputs: outputs)))</td>"
        html += cell("psi", "\(formatOptional(f.psi))<span class=\"psibar\"><i style=\"width:\(svgNumber(psiWidth))%;background:\(ReportColors.severity(f.severity))\"></i></span>")
        html += "<td>\(formatOptional(f.ksStatistic))</td>" + cell("ks", formatPValue(f.ksPValue))
        html += "<td>\(formatOptional(f.wasserstein))</td>" + cell("wasserstein", formatOptional(f.wassersteinNorm))
        html += cell("js", formatOptional(f.jsDistance)) + cell("chi2", formatPValue(f.chi2PValue))
        html += "<td>\(formatPercent(f.missingRate))</td><td>\(severityBadge(f.severity))</td></tr>"
    }
    html += "</tbody></table>"
    html += "<div class=\"caption\">Thresholds: warning / critical of the method that decides (its value in bold); "
    html += context == nil ? "SPEC defaults (the report was not given the configuration)." : "from the configuration."
    return html + "</div>"
}

func renderHistograms(_ features: [ReportFeature]) -> String {
    let drawable = features.filter { $0.histogram != nil }
    guard !drawable.isEmpty else { return "" }
    var html = "<div class=\"card\"><h3>Reference vs current distribution: model outputs, then features worst first</h3>"
    html += "<div class=\"legend\"><span><span class=\"sw\" style=\"background:\(ReportColors.reference);opacity:.6\"></span>reference</span>"
    html += "<span><span class=\"sw\" style=\"background:\(ReportColors.severity(.none))\"></span>current (no drift)</span>"
    html += "<span><span class=\"sw\" style=\"background:\(ReportColors.severity(.warning))\"></span>current (warning)</span>"
    html += "<span><span class=\"sw\" style=\"background:\(ReportColors.severity(.critical))\"></span>current (critical)</span></div>"
    html += "<div class=\"hists\">"
    for feature in drawable {
        html += "<div class=\"hist-card \(feature.severity.rawValue)\"><div class=\"head\"><b title=\"\(escapeHTML(feature.name))\">\(escapeHTML(feature.name))</b>\(severityBadge(feature.severity))</div>"
        html += "<div class=\"nums\">PSI \(formatOptional(feature.psi)) · JS \(formatOptional(feature.jsDistance))"
        if feature.kind == "numeric" { html += " · KS \(formatOptional(feature.ksStatistic))" }
        html += "</div>"
        html += histogramSVG(feature.histogram!, severity: feature.severity, title: "\(feature.name): reference vs current")
        html += "</div>"
    }
    return html + "</div></div>\n"
}

/// Alerts, then retrain triggers, each across the page's width: long summaries and trigger ids
/// wrap instead of being cut off at the edge of a half-width card.
func renderNotices(_ model: ReportSnapshot.Model) -> String {
    var html = "<div class=\"card\"><h3>Latest alerts</h3>"
    if model.alerts.isEmpty {
        html += "<div class=\"empty\">No alerts.</div>"
    } else {
        html += "<table class=\"notices\"><thead><tr><th class=\"text\">Event time</th><th class=\"text\">Severity</th><th class=\"text\">Type</th><th class=\"text\">Summary</th><th class=\"text\">Window</th></tr></thead><tbody>"
        for alert in model.alerts.reversed() {
            html += "<tr><td class=\"text mono\">\(escapeHTML(shortTime(alert.createdAt)))</td>"
            html += "<td class=\"text\"><span class=\"badge \(escapeHTML(alert.level))\">\(escapeHTML(alert.level))</span></td>"
            html += "<td class=\"text nowrap\">\(escapeHTML(alert.type))</td><td class=\"text summary\" title=\"\(escapeHTML(alert.id))\">\(escapeHTML(alert.summary))</td>"
            html += "<td class=\"text mono\">\(escapeHTML(alert.window?.shortName ?? "–"))</td></tr>"
        }
        html += "</tbody></table>"
    }
    html += "</div>\n<div class=\"card\"><h3>Latest retrain triggers</h3>"
    if model.triggers.isEmpty {
        html += "<div class=\"empty\">No retrain triggers.</div>"
    } else {
        html += "<table class=\"notices\"><thead><tr><th class=\"text\">Event time</th><th class=\"text\">Urgency</th><th class=\"text\">Reasons</th><th class=\"text\">Trigger id</th></tr></thead><tbody>"
        for trigger in model.triggers.reversed() {
            html += "<tr><td class=\"text mono\">\(escapeHTML(shortTime(trigger.createdAt)))</td>"
            html += "<td class=\"text\"><span class=\"badge \(escapeHTML(trigger.level))\">\(escapeHTML(trigger.level))</span></td>"
            html += "<td class=\"text summary\" title=\"\(escapeHTML(trigger.summary))\">\(escapeHTML(trigger.type))</td>"
            html += "<td class=\"text mono id\">\(escapeHTML(trigger.id))</td></tr>"
        }
        html += "</tbody></table>"
    }
    return html + "</div>\n"
}
