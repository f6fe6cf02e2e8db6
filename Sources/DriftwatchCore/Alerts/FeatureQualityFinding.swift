/// One monitored feature's data quality in one window, judged on its own (SPEC section 6:
/// "missing rate and out-of-range rate are judged per feature, not averaged"): a feature going
/// from 1% to 10% null is 10% missing, whatever the other features do.
public struct FeatureQualityFinding: Sendable, Equatable {
    public var feature: String
    /// Events of the window.
    public var events: Int
    /// Events where the feature was null, absent or NaN/±inf (wrong types are type errors).
    public var missing: Int
    /// Numeric: finite values, the denominator of `outOfRangeRate`; nil for a categorical feature.
    public var values: Int?
    /// Numeric: finite values outside the reference's [p0.1, p99.9].
    public var outOfRange: Int

    public init(feature: String, events: Int, missing: Int, values: Int? = nil, outOfRange: Int = 0) {
        self.feature = feature
        self.events = events
        self.missing = missing
        self.values = values
        self.outOfRange = outOfRange
    }

    /// missing / events (0 for an empty window).
    public var missingRate: Double { events > 0 ? Double(missing) / Double(events) : 0 }

    /// Out-of-range values / finite values; nil for a categorical feature, 0 without values.
    public var outOfRangeRate: Double? {
        guard let values else { return nil }
        return values > 0 ? Double(outOfRange) / Double(values) : 0
    }

    /// `{"missing_rate", "out_of_range_rate"}` (the latter for numeric features only).
    public var reportValue: JSONValue {
        var o: JSONObject = ["missing_rate": .number(missingRate)]
        if let r = outOfRangeRate { o["out_of_range_rate"] = .number(r) }
        return .object(o)
    }

    /// The alert's evidence for this feature.
    public var alertValue: JSONValue {
        var o: JSONObject = ["feature": .string(feature), "missing_rate": .number(missingRate), "missing": .int(missing)]
        if let r = outOfRangeRate {
            o["out_of_range_rate"] = .number(r)
            o["out_of_range"] = .int(outOfRange)
        }
        return .object(o)
    }
}

extension Array where Element == FeatureQualityFinding {
    /// The `features` object of a `data_quality` report block, by feature name.
    public var reportBlock: JSONValue {
        var o = JSONObject()
        for f in self { o[f.feature] = f.reportValue }
        return .object(o)
    }
}
