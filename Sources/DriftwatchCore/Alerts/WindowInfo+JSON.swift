extension WindowInfo {
    /// The SPEC section 4 `window` object, keys in SPEC order; times are RFC 3339 event time.
    /// A model window has `"partition": null`, the merged `partitions` and null offsets.
    public var jsonObject: JSONObject {
        if let partitions { return modelJSONObject(partitions) }
        return [
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

    private func modelJSONObject(_ partitions: [PartitionSpan]) -> JSONObject {
        [
            "topic": .string(topic),
            "partition": .null,
            "partitions": .array(partitions.map { span in
                ["partition": .int(Int(span.partition)), "start_offset": .number(Double(span.startOffset)),
                 "end_offset": .number(Double(span.endOffset)), "events": .int(span.events)]
            }),
            "start_offset": .null,
            "end_offset": .null,
            "events": .int(events),
            "index": .int(index),
            "start_time": .string(RFC3339.format(epochMilliseconds: startTimeMs)),
            "end_time": .string(RFC3339.format(epochMilliseconds: endTimeMs)),
            "partial": .bool(partial),
        ]
    }

    /// `predictions-3:20000-29999` for a partition window, `predictions:model-7` for a model
    /// window: the window's place, used in deterministic ids.
    public var idComponent: String {
        isModelWindow ? "\(topic):model-\(isPerformance ? "performance-" : "")\(index)"
            : "\(topic)-\(partition):\(startOffset)-\(endOffset)"
    }

    /// RFC 3339 of the window's end: `created_at` of every message about this window.
    public var endTimeText: String { RFC3339.format(epochMilliseconds: endTimeMs) }
}
