import DriftwatchCore
/// The drift report as one self-contained HTML page (inline CSS and SVG, no scripts, no fonts
/// or images from the network). Pure: the same snapshot gives the same bytes, so
/// `driftwatch replay --html FILE` and `/report` show the same page.
///
/// - Parameter refreshSeconds: when set, the page reloads itself (used by `/report`).
public func renderReportHTML(_ snapshot: ReportSnapshot, refreshSeconds: Int? = nil) -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    if let refreshSeconds, refreshSeconds > 0 { html += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\"/>\n" }
    html += "<title>driftwatch report</title>\n<style>\n\(reportCSS)</style>\n</head>\n<body>\n"
    html += "<header class=\"page\"><h1>driftwatch · drift report</h1>"
    html += "<span class=\"meta\">generated \(escapeHTML(snapshot.generatedAt)) · \(snapshot.models.count) model\(snapshot.models.count == 1 ? "" : "s")</span>"
    if snapshot.models.count > 1 {
        html += "<nav>" + snapshot.models.map { "<a href=\"#model-\(anchor($0.modelID))\">\(escapeHTML($0.modelID))</a>" }.joined() + "</nav>"
    }
    html += "</header>\n<main>\n"
    if snapshot.models.isEmpty {
        html += "<div class=\"card empty\">No windows closed yet. The report fills in as windows close (every window.size events per partition and model).</div>\n"
    }
    for model in snapshot.models { html += renderModel(model) }
    html += "</main>\n<footer>driftwatch · each feature is judged by its method's warning / critical thresholds (shown beside it; PSI 0.1 / 0.2 by default) · reference in grey, current window in colour</footer>\n"
    html += "</body>\n</html>\n"
    return html
}

private func anchor(_ id: String) -> String {
    String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
}

/// Worst first: severity, then PSI.
func sortedWorstFirst(_ features: [ReportFeature]) -> [ReportFeature] {
    features.sorted { a, b in
        if a.severity != b.severity { return a.severity > b.severity }
        let pa = a.psi ?? -1, pb = b.psi ?? -1
        if pa != pb { return pa > pb }
        return a.name < b.name
    }
}

private func renderModel(_ model: ReportSnapshot.Model) -> String {
    var html = "<section class=\"model\" id=\"model-\(anchor(model.modelID))\">\n<h2>\(escapeHTML(model.modelID))"
    if let version = model.modelVersion { html += " <span class=\"version\">version \(escapeHTML(version))</span>" }
    guard let latest = model.latest else {
        html += "</h2>\n<div class=\"card empty\">No window of this model has closed yet.</div>\n"
        html += renderNotices(model)
        return html + "</section>\n"
    }
    let features = sortedWorstFirst(latest.features)
    let critical = features.filter { $0.severity == .critical }.count
    let warning = features.filter { $0.severity == .warning }.count
    if let drift = latest.datasetDrift {
        html += drift ? " <span class=\"badge critical\">dataset drift</span>" : " <span class=\"badge ok\">no dataset drift</span>"
    }
    html += "</h2>\n"
    html += "<p class=\"lede\">\(escapeHTML(modelViewNote(latest)))</p>\n"
    html += renderCards(model, latest, critical: critical, warning: warning, total: features.count)
    if let note = latest.driftTestsNote { html += "<div class=\"card note\">Drift tests \(escapeHTML(note)).</div>\n" }
    html += "<div class=\"grid2\">\n"
    html += "<div class=\"card\"><h3>PSI over recent windows</h3>\(renderTrend(model))</div>\n"
    html += "<div class=\"card\"><h3>Latest windows</h3>\(renderWindows(model))</div>\n"
    html += "</div>\n"
    html += renderModelQuality(model)
    html += "<div class=\"card\"><h3>Drift in \(escapeHTML(latest.window.shortName)) with each method's thresholds, worst first</h3>"
    html += features.isEmpty ? "<div class=\"empty\">No feature results in this window.</div>" : renderFeatureTable(features, context: model.context)
    html += "</div>\n"
    if !latest.outputs.isEmpty {
        html += "<div class=\"card\"><h3>Model outputs</h3>\(renderFeatureTable(sortedWorstFirst(latest.outputs), context: model.context, outputs: true))</div>\n"
    }
    html += renderDatasetSummary(latest, context: model.context)
    html += renderDataQuality(latest)
    html += renderLLM(model)
    html += renderVersions(latest)
    html += renderHistograms(sortedWorstFirst(latest.outputs) + features)
    html += renderNotices(model)
    return html + "</section>\n"
}

/// What the numbers are computed over: the model view merges every partition's sub-windows.
private func modelViewNote(_ latest: ReportWindowInput) -> String {
    guard let spans = latest.window.partitions else {
        return "Partition window: the statistics cover partition \(latest.window.partition) only."
    }
    let list = spans.map { String($0.partition) }.joined(separator: ", ")
    return "Model view: each window merges the sub-windows of every partition (\(spans.count == 1 ? "partition" : "partitions") \(list) in the latest), so the statistics cover all of the model's traffic."
}

private func renderCards(_ model: ReportSnapshot.Model, _ latest: ReportWindowInput, critical: Int, warning: Int, total: Int) -> String {
    let shareClass = latest.datasetDrift == true ? "critical" : ((latest.driftShare ?? 0) > 0 ? "warning" : "none")
    let featureClass = critical > 0 ? "critical" : (warning > 0 ? "warning" : "none")
    var html = "<div class=\"cards\">"
    html += stat("Drift share", formatPercent(latest.driftShare, digits: 0), "of monitored features at warning or above", shareClass)
    html += stat("Drifting features", "\(critical + warning) / \(total)", "\(critical) critical · \(warning) warning", featureClass)
    let w = latest.window
    let place = w.partitions.map { "\($0.count) partition\($0.count == 1 ? "" : "s") merged" } ?? "offsets \(w.startOffset)–\(w.endOffset)"
    html += stat("Latest window", formatCount(w.events),
        "events · \(escapeHTML(w.shortName)) · \(place)\(w.partial ? " · partial" : "")", nil)
    html += stat("Window ends", escapeHTML(clockTime(w.endTime)), "\(escapeHTML(datePart(w.endTime))) · began \(escapeHTML(clockTime(w.startTime)))", nil)
    if let p = latest.performance, let metric = p.metric, let value = p.metrics[metric] {
        let base = p.baseline[metric].map { "baseline \(formatNumber($0))" } ?? "no baseline"
        html += stat(metric == "rmse" ? "RMSE" : metric.capitalized, formatNumber(value),
            "\(formatCount(p.labelled)) labelled · \(base)", p.hasBaseline ? nil : "warning")
    }
    if let system = latest.system {
        html += stat("Latency p95", system.latencyP95Ms.map { formatNumber($0) + " ms" } ?? "–",
            "p99 \(system.latencyP99Ms.map { formatNumber($0) + " ms" } ?? "–") · errors \(formatPercent(system.errorRate))", nil)
    }
    html += stat("Alerts", "\(model.alertsSeen)", "retrain triggers: \(model.triggersSeen)", model.alertsSeen > 0 ? "warning" : "none")
    html += stat("Windows analysed", "\(model.windowsSeen)", "showing the last \(model.windows.count)", nil)
    return html + "</div>\n"
}

private func stat(_ label: String, _ value: String, _ sub: String, _ cls: String?) -> String {
    "<div class=\"stat\(cls.map { " " + $0 } ?? "")\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div><div class=\"sub\">\(sub)</div></div>"
}

func shortTime(_ rfc3339: String) -> String {
    // "2026-01-01T00:00:30.123Z" → "2026-01-01 00:00:30"
    let trimmed = rfc3339.replacingOccurrences(of: "T", with: " ")
    if let dot = trimmed.firstIndex(of: ".") { return String(trimmed[..<dot]) }
    return trimmed.hasSuffix("Z") ? String(trimmed.dropLast()) : trimmed
}

/// "2026-01-01T00:00:30.123Z" → "00:00:30"; "2026-01-01".
func clockTime(_ rfc3339: String) -> String {
    let short = shortTime(rfc3339)
    return short.split(separator: " ").last.map(String.init) ?? short
}

func datePart(_ rfc3339: String) -> String {
    let short = shortTime(rfc3339)
    return short.split(separator: " ").count > 1 ? String(short.split(separator: " ")[0]) : ""
}

func severityBadge(_ severity: Severity) -> String {
    "<span class=\"badge \(severity.rawValue)\">\(severity.rawValue)</span>"
}

private func renderTrend(_ model: ReportSnapshot.Model) -> String {
    let chart = chartWindows(model)
    let windows = chart.windows.filter { !$0.features.isEmpty }
    guard let latest = windows.last else { return "<div class=\"empty\">No feature results yet.</div>" }
    // The features drifting most now, plus the worst ever seen in the shown windows.
    var names = sortedWorstFirst(latest.features).prefix(5).map(\.name)
    let peak = windows.flatMap(\.features).filter { ($0.psi ?? 0).isFinite }.max { ($0.psi ?? 0) < ($1.psi ?? 0) }
    if let peak, !names.contains(peak.name) { names.append(peak.name) }
    let series = names.map { name in
        (name: name, values: windows.map { w in w.features.first { $0.name == name }?.psi })
    }
    var html = psiTrendSVG(series: series, windowLabels: windows.map(\.axisLabel))
    html += "<div class=\"legend\">"
    for (index, name) in names.enumerated() {
        html += "<span><span class=\"sw\" style=\"background:\(ReportColors.palette[index % ReportColors.palette.count])\"></span>\(escapeHTML(name))</span>"
    }
    html += "</div>"
    if let caption = chart.caption { html += "<div class=\"caption\">\(escapeHTML(caption))</div>" }
    return html
}

/// The windows one x-axis may show, in event-time order: the model windows (every partition
/// merged) when there are any, otherwise one partition's windows (the latest window's), so no
/// chart puts windows of different partitions side by side as if they followed each other.
func chartWindows(_ model: ReportSnapshot.Model) -> (windows: [ReportWindowInput], caption: String?) {
    let merged = model.windows.filter { $0.window.partitions != nil || $0.window.partition < 0 }
    if !merged.isEmpty { return (inEventTimeOrder(merged), nil) }
    guard let last = model.windows.last else { return ([], nil) }
    let same = model.windows.filter { $0.window.partition == last.window.partition && $0.window.topic == last.window.topic }
    let others = Set(model.windows.map(\.window.partition)).count - 1
    let caption = others > 0
        ? "Partition \(last.window.partition) only: windows of \(others) other partition\(others == 1 ? "" : "s") are not on this axis."
        : nil
    return (inEventTimeOrder(same), caption)
}

/// Windows of several partitions interleave as they close: order them by event time.
func inEventTimeOrder(_ windows: [ReportWindowInput]) -> [ReportWindowInput] {
    windows.enumerated().sorted { a, b in
        let ka = (a.element.window.endTimeMs, a.element.window.partition, a.offset)
        let kb = (b.element.window.endTimeMs, b.element.window.partition, b.offset)
        return ka < kb
    }.map(\.element)
}

private func renderWindows(_ model: ReportSnapshot.Model) -> String {
    var html = "<table class=\"compact\"><thead><tr><th class=\"text\">Window</th><th>Events</th><th class=\"text\">Ends</th><th>Drift share</th><th class=\"text\">Worst feature</th></tr></thead><tbody>"
    for input in inEventTimeOrder(model.windows).reversed().prefix(8) {
        let worst = sortedWorstFirst(input.features).first
        let severity = worst?.severity ?? .none
        html += "<tr class=\"sev-\(severity.rawValue)\"><td class=\"mono\">\(escapeHTML(input.axisLabel))"
        if input.window.partial { html += " <span class=\"badge partial\">partial</span>" }
        html += "</td><td>\(formatCount(input.window.events))</td><td class=\"text\" title=\"\(escapeHTML(input.window.endTime))\">\(escapeHTML(clockTime(input.window.endTime)))</td>"
        html += "<td>\(formatPercent(input.driftShare, digits: 0))</td><td class=\"text nowrap\">"
        if let worst { html += "\(escapeHTML(worst.name)) <span class=\"mono\">\(formatOptional(worst.psi))</span> \(severityBadge(severity))" } else { html += "–" }
        html += "</td></tr>"
    }
    return html + "</tbody></table>"
}
