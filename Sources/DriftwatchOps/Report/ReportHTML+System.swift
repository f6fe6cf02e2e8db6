import DriftwatchCore

/// The LLM section (requests, tokens, cost, TTFT, finish reasons; per version when the report
/// carries per-version LLM blocks) and the version section (events, error rate, latency p95).

func renderLLM(_ model: ReportSnapshot.Model) -> String {
    let windows = chartWindows(model).windows.filter { $0.llm != nil }
    guard let latest = windows.last, let all = latest.llm else { return "" }
    var html = "<div class=\"card\"><h3>LLM requests in \(escapeHTML(latest.window.shortName))</h3><div class=\"cards\">"
    html += llmStat("Requests", formatCount(all.requests), "\(tokens(all.promptTokens)) prompt · \(tokens(all.completionTokens)) completion tokens")
    html += llmStat("Cost", all.costUSD.map(usd) ?? "–", "\(all.costPerRequest.map(usd) ?? "–") per request")
    html += llmStat("TTFT p95", all.ttftP95Ms.map { formatNumber($0) + " ms" } ?? "–", "p50 \(all.ttftP50Ms.map { formatNumber($0) + " ms" } ?? "–")")
    html += llmStat("Truncated", formatPercent(all.truncationRate), "finish reason length")
    if let q = all.qualityMean { html += llmStat("Judge quality", formatNumber(q), "mean of 0–5") }
    if let g = all.groundednessMean { html += llmStat("Groundedness", formatNumber(g), "mean of 0–1") }
    html += "</div>"
    var rows: [(name: String, llm: ReportLLM)] = latest.versions.compactMap { v in v.llm.map { (v.name, $0) } }
    let perVersion = !rows.isEmpty
    rows.append(("all versions", all))
    html += "<table class=\"compact\"><thead><tr><th class=\"text\">Version</th><th>Requests</th><th>Prompt tokens</th><th>Completion tokens</th>"
    html += "<th>Cost</th><th>Cost / request</th><th>TTFT p50</th><th>TTFT p95</th><th class=\"text\">Finish reasons</th></tr></thead><tbody>"
    for (name, l) in rows {
        html += "<tr\(name == "all versions" && perVersion ? " class=\"total\"" : "")><td class=\"name\">\(escapeHTML(name))</td><td>\(formatCount(l.requests))</td>"
        html += "<td>\(tokens(l.promptTokens))</td><td>\(tokens(l.completionTokens))</td>"
        html += "<td>\(l.costUSD.map(usd) ?? "–")</td><td>\(l.costPerRequest.map(usd) ?? "–")</td>"
        html += "<td>\(l.ttftP50Ms.map { formatNumber($0) + " ms" } ?? "–")</td><td>\(l.ttftP95Ms.map { formatNumber($0) + " ms" } ?? "–")</td>"
        html += "<td class=\"text\">\(finishReasons(l))</td></tr>"
    }
    html += "</tbody></table>"
    if !perVersion { html += "<div class=\"caption\">Per-version LLM figures appear here when the model report carries them.</div>" }
    return html + "</div>\n"
}

private func llmStat(_ label: String, _ value: String, _ sub: String) -> String {
    "<div class=\"stat\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div><div class=\"sub\">\(sub)</div></div>"
}

/// Token counts with thousands separators.
private func tokens(_ value: Double?) -> String {
    guard let value, value.isFinite, let n = Int(exactly: value.rounded()) else { return "–" }
    return formatCount(n)
}

/// "$0.0123", four decimals below a dollar.
private func usd(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    return abs(value) >= 1 ? "$" + formatNumber(value) : "$" + String(format: "%.4f", value)
}

/// "stop 91% · length 8% · …", largest first.
private func finishReasons(_ l: ReportLLM) -> String {
    let total = l.finishReasons.values.reduce(0, +)
    guard total > 0 else { return "–" }
    return l.finishReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .map { "\(escapeHTML($0.key)) \(formatPercent(Double($0.value) / Double(total), digits: 0))" }
        .joined(separator: " · ")
}

func renderVersions(_ latest: ReportWindowInput) -> String {
    guard !latest.versions.isEmpty else { return "" }
    let total = latest.versions.compactMap(\.events).reduce(0, +)
    let accuracy = latest.versions.contains { $0.accuracy != nil }
    var html = "<div class=\"card\"><h3>Model versions in \(escapeHTML(latest.window.shortName))</h3>"
    html += "<table class=\"compact\"><thead><tr><th class=\"text\">Version</th><th>Events</th><th>Share</th><th>Error rate</th><th>Latency p95</th>"
    if accuracy { html += "<th>Accuracy</th><th>Labelled</th>" }
    html += "</tr></thead><tbody>"
    for v in latest.versions {
        html += "<tr><td class=\"name\">\(escapeHTML(v.name))</td><td>\(v.events.map(formatCount) ?? "–")</td>"
        html += "<td>\(formatPercent(v.events.flatMap { total > 0 ? Double($0) / Double(total) : nil }))</td>"
        html += "<td>\(formatPercent(v.errorRate, digits: 2))</td><td>\(v.latencyP95Ms.map { formatNumber($0) + " ms" } ?? "–")</td>"
        if accuracy { html += "<td>\(formatOptional(v.accuracy))</td><td>\(v.labelled.map(formatCount) ?? "–")</td>" }
        html += "</tr>"
    }
    return html + "</tbody></table></div>\n"
}
