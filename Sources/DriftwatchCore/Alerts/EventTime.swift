/// RFC 3339 text for event times (SPEC sections 4 and 6), without Foundation or clocks.
public enum EventTime {
    /// `2026-01-01T00:00:09.999Z`: UTC, always with milliseconds, so the text is deterministic.
    /// Sub-millisecond parts are truncated toward the earlier millisecond.
    public static func rfc3339(epochMs: Double) -> String {
        let totalMs = epochMs.isFinite ? Int64(epochMs.rounded(.down)) : 0
        let (days, msOfDay) = floorDivide(totalMs, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = msOfDay / 1_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3_600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(msOfDay % 1_000, 3))Z"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Howard Hinnant's civil_from_days (proleptic Gregorian).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension WindowInfo {
    /// The SPEC section 4 `window` object, keys in SPEC order.
    public var jsonValue: MetricValue {
        .fields([
            ("topic", .string(topic)),
            ("partition", .int(Int64(partition))),
            ("start_offset", .int(startOffset)),
            ("end_offset", .int(endOffset)),
            ("events", .int(events)),
            ("index", .int(index)),
            ("start_time", .string(EventTime.rfc3339(epochMs: startTimeMs))),
            ("end_time", .string(EventTime.rfc3339(epochMs: endTimeMs))),
            ("partial", .bool(partial)),
        ])
    }

    /// `predictions-3:20000-29999`: the window's place, used in deterministic ids.
    public var idComponent: String { "\(topic)-\(partition):\(startOffset)-\(endOffset)" }
}
