/// The frame both charts over windows share (the PSI trend and the model-quality lines): windows
/// spread evenly along x, values from 0 to `yMax` along y, grid lines with their ticks, window labels
/// (at most about 8), one line with dots per series, and the x axis.
struct WindowChartFrame {
    let width: Double, height: Double
    let left: Double, right: Double, top: Double, bottom: Double
    /// Number of windows on the x axis (at least 1).
    let count: Int
    let yMax: Double

    var plotW: Double { width - left - right }
    var plotH: Double { height - top - bottom }

    func x(_ i: Int) -> Double { count == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(count - 1) }
    func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), yMax) / yMax) }

    /// Horizontal grid lines at `divisions` equal steps of the y range, with their tick labels.
    func grid(divisions: Int) -> String {
        var svg = ""
        for tick in 0...divisions {
            let v = yMax * Double(tick) / Double(divisions)
            svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(y(v)))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(y(v)))" class="grid"/>"#
            svg += #"<text x="\#(svgNumber(left - 5))" y="\#(svgNumber(y(v) + 3))" class="tick" text-anchor="end">\#(formatAxis(v))</text>"#
        }
        return svg
    }

    /// Window labels, each series as a line (broken where a value is missing) with a dot per value
    /// whose tooltip reads "name label: valuePrefix value", then the x axis.
    func series(_ series: [(name: String, values: [Double?])], windowLabels: [String], valuePrefix: String = "") -> String {
        var svg = ""
        let labelStep = max(1, Int((Double(count) / 8).rounded(.up)))
        for (i, label) in windowLabels.enumerated() where i % labelStep == 0 || i == count - 1 {
            svg += #"<text x="\#(svgNumber(x(i)))" y="\#(svgNumber(height - 8))" class="tick" text-anchor="middle">\#(escapeHTML(label))</text>"#
        }
        for (index, line) in series.enumerated() {
            let colour = ReportColors.palette[index % ReportColors.palette.count]
            var path = "", pen = false
            for (i, value) in line.values.enumerated() {
                guard let value, value.isFinite else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(svgNumber(x(i))) \(svgNumber(y(value))) "
                pen = true
            }
            if !path.isEmpty {
                svg += #"<path d="\#(path)" fill="none" stroke="\#(colour)" stroke-width="2" stroke-linejoin="round"/>"#
            }
            for (i, value) in line.values.enumerated() {
                guard let value, value.isFinite else { continue }
                let label = i < windowLabels.count ? windowLabels[i] : ""
                svg += #"<circle cx="\#(svgNumber(x(i)))" cy="\#(svgNumber(y(value)))" r="3" fill="\#(colour)"><title>\#(escapeHTML(line.name)) \#(escapeHTML(label)): \#(valuePrefix)\#(formatNumber(value))</title></circle>"#
            }
        }
        svg += #"<line x1="\#(svgNumber(left))" y1="\#(svgNumber(top + plotH))" x2="\#(svgNumber(width - right))" y2="\#(svgNumber(top + plotH))" class="axis"/>"#
        return svg
    }
}
