import DriftwatchCore

/// The dataset summary (Evidently's: rows, missing share, reference beside current for mean,
/// median and std) and the data-quality section (missing and out-of-range shares per feature).

func renderDatasetSummary(_ latest: ReportWindowInput, context: ReportModelContext?) -> String {
    let columns = latest.features.sorted { $0.name < $1.name } + latest.outputs.filter { $0.name == "score" || $0.name == "prediction" }
    guard !columns.isEmpty else { return "" }
    let referenceRows = context?.reference.values.map(\.rows).max()
    var html = "<div class=\"card\"><h3>Dataset summary: reference vs \(escapeHTML(latest.window.shortName))</h3>"
    html += "<div class=\"legend\"><span>rows: reference \(referenceRows.map(formatCount) ?? "–") · current \(formatCount(latest.window.events))</span>"
    html += "<span>columns: \(latest.features.count) monitored features\(latest.outputs.isEmpty ? "" : " + model outputs")</span>"
    if let q = latest.dataQuality, let rate = q.missingRate { html += "<span>missing cells: \(formatPercent(rate, digits: 2))</span>" }
    html += "</div>"
    html += "<table class=\"dataset\"><thead><tr><th class=\"text\" rowspan=\"2\">Column</th><th class=\"text\" rowspan=\"2\">Type</th>"
    html += "<th class=\"group\" colspan=\"2\">Rows with a value</th><th rowspan=\"2\">Missing</th>"
    html += ["Mean", "Median", "Std"].map { "<th class=\"group\" colspan=\"2\">\($0)</th>" }.joined() + "</tr>"
    html += "<tr>" + String(repeating: "<th class=\"ref\">reference</th><th>current</th>", count: 4) + "</tr></thead><tbody>"
    if context == nil {
        html += "<tr><td class=\"text empty\" colspan=\"11\">Reference values need the pipeline's reference (the report was built without it).</td></tr>"
    }
    for f in columns {
        let ref = context?.reference[f.name]
        let cur = f.stats
        html += "<tr><td class=\"name\">\(escapeHTML(f.name))</td><td class=\"text\">\(escapeHTML(f.kind))</td>"
        html += "<td class=\"ref\">\(ref.map { formatCount($0.rows) } ?? "–")</td><td>\(cur?.count.map(formatCount) ?? "–")</td>"
        html += "<td>\(formatPercent(f.missingRate ?? cur?.missing.map { latest.window.events > 0 ? Double($0) / Double(latest.window.events) : 0 }))</td>"
        if f.kind == "numeric" {
            html += "<td class=\"ref\">\(formatOptional(ref?.mean))</td><td>\(formatOptional(cur?.mean))</td>"
            html += "<td class=\"ref\">\(formatOptional(ref?.median))</td><td>\(formatOptional(cur?.median))</td>"
            html += "<td class=\"ref\">\(formatOptional(ref?.std))</td><td>\(formatOptional(cur?.std))</td>"
        } else {
            let current = topCategory(f.histogram)
            html += "<td class=\"text ref\" colspan=\"3\">most frequent: \(ref?.topCategory.map { "\(escapeHTML($0)) \(formatPercent(ref?.topShare))" } ?? "–")</td>"
            html += "<td class=\"text\" colspan=\"3\">\(current.map { "\(escapeHTML($0.name)) \(formatPercent($0.share))" } ?? "–")</td>"
        }
        html += "</tr>"
    }
    html += "</tbody></table><div class=\"caption\">Current medians are approximate (from the merged fine bins, `quantiles_approximate`); reference values are exact, from the reference profile.</div>"
    return html + "</div>\n"
}

/// The category with the largest current share in a categorical histogram.
private func topCategory(_ h: ReportHistogram?) -> (name: String, share: Double)? {
    guard let h, h.edges == nil, let i = h.current.indices.max(by: { h.current[$0] < h.current[$1] }), i < h.labels.count else { return nil }
    return (h.labels[i], h.current[i])
}

func renderDataQuality(_ latest: ReportWindowInput) -> String {
    guard !latest.features.isEmpty || latest.dataQuality != nil else { return "" }
    let q = latest.dataQuality
    struct Row { var name: String; var missing: Double?; var outOfRange: Double? }
    let rows = latest.features.map { f in
        let d = q?.features[f.name]
        return Row(name: f.name, missing: d?.missingRate ?? f.missingRate, outOfRange: d?.outOfRangeRate ?? f.stats?.outOfRangeRate)
    }.sorted { a, b in
        let ka = max(a.missing ?? 0, a.outOfRange ?? 0), kb = max(b.missing ?? 0, b.outOfRange ?? 0)
        return ka != kb ? ka > kb : a.name < b.name
    }
    let showRange = rows.contains { $0.outOfRange != nil }
    var html = "<div class=\"card\"><h3>Data quality in \(escapeHTML(latest.window.shortName))</h3><div class=\"legend\">"
    html += "<span>missing cells: \(formatPercent(q?.missingRate, digits: 2))</span><span>type errors: \(q?.typeErrors.map(formatCount) ?? "–")</span>"
    if let missing = q?.missingFeatures, !missing.isEmpty { html += "<span>absent features: \(escapeHTML(missing.joined(separator: ", ")))</span>" }
    if let unexpected = q?.unexpectedFeatures, !unexpected.isEmpty { html += "<span>unexpected features: \(escapeHTML(unexpected.joined(separator: ", ")))</span>" }
    html += "</div><div class=\"dq\">"
    for row in rows {
        html += "<div class=\"dq-row\"><b title=\"\(escapeHTML(row.name))\">\(escapeHTML(row.name))</b><span>missing \(rateBar(row.missing))</span>"
        if showRange { html += "<span>out of range \(row.outOfRange == nil ? "–" : rateBar(row.outOfRange))</span>" }
        html += "</div>"
    }
    html += "</div>"
    if !showRange { html += "<div class=\"caption\">Out-of-range shares appear here when the model report carries them.</div>" }
    return html + "</div>\n"
}

/// "1.2%" with a bar scaled so 10% fills it (data-quality shares are small), amber from 5%
/// (the default `alerts.missing_rate`).
private func rateBar(_ rate: Double?) -> String {
    guard let rate, rate.isFinite else { return "–" }
    let width = min(100, max(0, rate / 0.1 * 100))
    let colour = ReportColors.severity(rate >= 0.05 ? .warning : .none)
    return "<span class=\"rate\">\(formatPercent(rate, digits: 2))</span><span class=\"psibar\"><i style=\"width:\(svgNumber(width))%;background:\(colour)\"></i></span>"
}
