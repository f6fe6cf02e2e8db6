/// Helpers shared by the three stages: the SPEC `window` object and report headers.
public enum StageReport {
    public static func window(_ info: WindowInfo) -> JSONValue {
        if info.isModelWindow { return .object(info.jsonObject) }
        let object: JSONObject = [
            "topic": .string(info.topic),
            "partition": .int(Int(info.partition)),
            "start_offset": .int(Int(info.startOffset)),
            "end_offset": .int(Int(info.endOffset)),
            "events": .int(info.events),
            "index": .int(info.index),
            "start_time": .string(time(info.startTimeMs)),
            "end_time": .string(time(info.endTimeMs)),
            "partial": .bool(info.partial),
        ]
        return .object(object)
    }

    public static func time(_ epochMs: Double) -> String {
        RFC3339.format(epochMilliseconds: epochMs.isFinite ? epochMs : 0)
    }

    /// `{"kind", "stage", "model_id", "model_version", "window"}`.
    public static func header(
        kind: String = "window_report", stage: String, modelID: String, modelVersion: String?,
        window: WindowInfo
    ) -> JSONObject {
        [
            "kind": .string(kind),
            "stage": .string(stage),
            "model_id": .string(modelID),
            "model_version": .string(modelVersion),
            "window": StageReport.window(window),
        ]
    }

    /// A number, or null when it is NaN/infinite (the writer does this too; explicit for reading).
    static func num(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// Canonical class name of an outcome: numbers as their shortest decimal, categories as text.
    static func className(_ outcome: Outcome, _ symbols: SymbolTable) -> String {
        switch outcome {
        case .number(let x): JSONWriter.format(x)
        case .category(let s): symbols.string(for: s)
        }
    }

    /// Category counts by name from a column (numbers become their decimal text).
    static func categoryCounts(
        categories: [Symbol: Int], numbers: [Double], _ symbols: SymbolTable
    ) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (s, n) in categories { counts[symbols.string(for: s), default: 0] += n }
        // Numbers are tallied by bit pattern first (a classifier's predictions are a few distinct
        // values over thousands of events) and each distinct value is formatted once; 0 and -0
        // both print "0" and add up there, as before.
        var values: [UInt64] = [], tallies: [Int] = []
        var more: [UInt64: Int] = [:]
        tally: for x in numbers {
            let bits = x.bitPattern
            for i in values.indices where values[i] == bits {
                tallies[i] &+= 1
                continue tally
            }
            if values.count < 16 {
                values.append(bits)
                tallies.append(1)
            } else {
                more[bits, default: 0] += 1
            }
        }
        for (bits, n) in zip(values, tallies) { counts[JSONWriter.format(Double(bitPattern: bits)), default: 0] += n }
        for (bits, n) in more { counts[JSONWriter.format(Double(bitPattern: bits)), default: 0] += n }
        return counts
    }

    /// Severity as a JSON string.
    static func severity(_ s: Severity) -> JSONValue { .string(s.rawValue) }

    /// A categorical output's (prediction, label) drift statistics, in report order; shared by
    /// the prediction monitor and the model stage so both write the same fields.
    static func addOutputDrift(_ drift: CategoricalDrift, to b: inout JSONObject) {
        b["psi"] = num(drift.psi)
        b["chi2_statistic"] = num(drift.chi2Statistic)
        b["chi2_pvalue"] = num(drift.chi2PValue)
        b["js_distance"] = num(drift.jsDistance)
        b["new_categories"] = .array(drift.newCategories.map { .string($0) })
        b["histogram"] = histogram(drift)
    }

    /// The verdict fields closing every drift entry: `method`, `drift`, `severity`.
    static func addVerdict(method: DriftMethod, severity: Severity, to b: inout JSONObject) {
        b["method"] = .string(method.rawValue)
        b["drift"] = .bool(severity >= .warning)
        b["severity"] = StageReport.severity(severity)
    }

    /// A categorical feature's `top` five categories, `new_categories`, and (when the window is
    /// tested) its drift statistics, in report order; shared by the feature profiler and the
    /// model stage so partition and model reports have the same fields.
    static func addCategoricalFeature(counts: [String: Int], drift: CategoricalDrift, tested: Bool, to entry: inout JSONObject) {
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(5).map { JSONValue.object(["value": .string($0.key), "count": .int($0.value)]) }
        entry["top"] = .array(Array(top))
        entry["new_categories"] = .array(drift.newCategories.map { .string($0) })
        guard tested else { return }
        entry["psi"] = num(drift.psi)
        entry["chi2_statistic"] = num(drift.chi2Statistic)
        entry["chi2_pvalue"] = num(drift.chi2PValue)
        entry["js_distance"] = num(drift.jsDistance)
        entry["histogram"] = histogram(drift)
    }
}
