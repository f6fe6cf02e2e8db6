import DriftwatchCore

/// The rows `driftwatch demo` prints for the alerts and retrain triggers it read back, as a
/// table whose columns line up: each column is as wide as its widest cell (measured in
/// characters, so "χ²" counts as two), the last one is not padded.
enum DemoSummary {
    /// Pads every column but the last to its widest cell, two spaces between columns. Rows may
    /// have fewer cells than others (a message that did not parse is one cell).
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows where row.count > 1 {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// severity, type, window, summary.
    static func alertRow(_ bytes: [UInt8]) -> [String] {
        guard let v = try? JSONValue.parse(bytes) else { return [String(decoding: bytes, as: UTF8.self)] }
        return [(v["severity"]?.stringValue ?? "?").uppercased(), v["type"]?.stringValue ?? "?",
                window(v["window"]), v["summary"]?.stringValue ?? ""]
    }

    /// urgency, window, reasons, trigger id.
    static func triggerRow(_ bytes: [UInt8]) -> [String] {
        guard let v = try? JSONValue.parse(bytes) else { return [String(decoding: bytes, as: UTF8.self)] }
        let reasons = (v["reasons"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "; ")
        return [(v["urgency"]?.stringValue ?? "?").uppercased(), window(v["window"]), reasons,
                "(trigger_id \(v["trigger_id"]?.stringValue ?? "?"))"]
    }

    /// "predictions model window 3 (partitions 0,1)" or "predictions[0] 0-9999".
    static func window(_ v: JSONValue?) -> String {
        guard let w = v else { return "" }
        let topic = w["topic"]?.stringValue ?? "?"
        if w["partition"] == .null, let index = w["index"]?.doubleValue {
            let parts = (w["partitions"]?.arrayValue ?? []).compactMap { $0["partition"]?.doubleValue }.map { String(Int($0)) }
            return "\(topic) model window \(Int(index)) (partitions \(parts.joined(separator: ",")))"
        }
        let p = Int(w["partition"]?.doubleValue ?? -1)
        let s = Int(w["start_offset"]?.doubleValue ?? -1)
        let e = Int(w["end_offset"]?.doubleValue ?? -1)
        return "\(topic)[\(p)] \(s)-\(e)"
    }
}
