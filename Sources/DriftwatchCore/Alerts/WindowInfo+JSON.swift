extension WindowInfo {
    /// The SPEC section 4 `window` object, keys in SPEC order; times are RFC 3339 event time.
    public var jsonObject: JSONObject {
        [
            "topic": .string(topic),
            "partition": .int(Int(partition)),
            "start_offset": .number(Double(startOffset)),
            "end_offset": .number(Double(endOffset)),
            "events": .int(events),
            "index": .int(index),
            "start_time": .string(RFC3339.format(epochMilliseconds: startTimeMs)),
            "end_time": .string(RFC3339.format(epochMilliseconds: endTimeMs)),
            "partial": .bool(partial),
        ]
    }

    /// `predictions-3:20000-29999`: the window's place, used in deterministic ids.
    public var idComponent: String { "\(topic)-\(partition):\(startOffset)-\(endOffset)" }

    /// RFC 3339 of the window's end: `created_at` of every message about this window.
    public var endTimeText: String { RFC3339.format(epochMilliseconds: endTimeMs) }
}
