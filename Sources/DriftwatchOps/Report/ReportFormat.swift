import Foundation

/// Text escaping and number formatting shared by the report's HTML and SVG.

func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// Compact number: 3 significant-ish digits, thousands without decimals, tiny values in e-notation.
func formatNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    if magnitude >= 10_000 { return String(format: "%.0f", value) }
    if magnitude >= 100 { return String(format: "%.1f", value) }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    if magnitude >= 0.001 { return String(format: "%.3f", value) }
    return String(format: "%.1e", value)
}

func formatOptional(_ value: Double?) -> String {
    value.map(formatNumber) ?? "–"
}

func formatPValue(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "–" }
    if value < 1e-4 { return "&lt;0.0001" }
    return String(format: "%.4f", value)
}

func formatPercent(_ value: Double?, digits: Int = 1) -> String {
    guard let value, value.isFinite else { return "–" }
    return String(format: "%.\(digits)f%%", value * 100)
}

/// SVG coordinates: two decimals at most, no exponent.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(format: "%.2f", rounded)
}

func truncated(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
}

/// Axis label: like `formatNumber` without trailing zeros ("18.5", "120", "0.25").
func formatAxis(_ value: Double) -> String {
    let text = formatNumber(value)
    guard text.contains("."), !text.contains("e") else { return text }
    var trimmed = Substring(text)
    while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
    if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}

/// 10000 → "10,000".
func formatCount(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return value < 0 ? "-" + out : out
}
