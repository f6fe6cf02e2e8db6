/// Durations in configuration files: `"30s"`, `"5m"`, `"1h"`, `"6h"`, `"1d"`, `"500ms"`, or a plain
/// number of seconds (`90`, `1.5`). Values are seconds as `Double`.
public enum ConfigDuration {
    /// Seconds for a duration text, or nil when it is not a non-negative duration.
    public static func seconds(parsing text: String) -> Double? {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let units: [(suffix: String, factor: Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400),
        ]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = String(trimmed.dropLast(unit.suffix.count))
            guard let value = plainNumber(number) else { return nil }
            return value * unit.factor
        }
        return plainNumber(trimmed)
    }

    /// Renders seconds the way a person writes them (`3600` → `"1h"`), for messages and logs.
    public static func text(seconds: Double) -> String {
        for (suffix, factor) in [("d", 86_400.0), ("h", 3_600.0), ("m", 60.0)]
        where seconds >= factor && (seconds / factor).rounded() == seconds / factor {
            return "\(Int(seconds / factor))\(suffix)"
        }
        if seconds.rounded() == seconds { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }

    private static func plainNumber(_ text: String) -> Double? {
        guard !text.isEmpty,
              text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(text), value.isFinite, value >= 0
        else { return nil }
        return value
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
