/// Where a partition's windows stand, per model, so that the next owner of the partition continues
/// them exactly (SPEC section 4: window indexes and boundaries survive restarts and rebalances).
///
/// For each model: the index of the first window whose outputs are not yet acknowledged (or the
/// open window, or the next one) and the offset at which that window starts. The committed offset
/// is never later than any of these starts, so on resume every event of the model below its
/// `resumeOffset` belongs to a window already published and is skipped, and the model's next
/// window starts at the same event with the same index as in an uninterrupted run.
///
/// Performance windows (labelled pairs) continue the same way: per model the index of the first
/// unacknowledged (or open, or next) performance window and where it starts, as two offsets
/// (see `PerformanceAssigner`): pairs formed at a prediction below `predictionOffset` or at a
/// delayed label below `labelOffset` were published.
///
/// Kept in the offset commit's metadata as compact JSON:
/// `{"v":1,"m":{"<model>":[index,offset]},"i":{…},"p":{"<model>":[index,predictionOffset,labelOffset]}}`
/// (`"i"`: performance windows of inline labels, `"p"`: of labels-topic labels). Each is written
/// only when some model has such performance state; they are additions to format 1
/// (readers ignore members they do not know, so older workers still read the drift part, and
/// metadata without `"p"` restores drift windows only).
public struct PartitionWindowState: Sendable, Equatable {
    public struct Resume: Sendable, Equatable {
        /// Index of the model's next window to publish.
        public var nextIndex: Int
        /// Events of the model below this offset belong to published windows.
        public var resumeOffset: Int64

        public init(nextIndex: Int, resumeOffset: Int64) {
            self.nextIndex = nextIndex
            self.resumeOffset = resumeOffset
        }
    }

    /// Where a model's next unpublished performance window starts.
    public struct PerformanceResume: Sendable, Equatable {
        public var nextIndex: Int
        /// Pairs formed at a prediction (inline label, or a label that came first) below this
        /// predictions offset belong to published windows.
        public var predictionOffset: Int64
        /// Pairs formed at a delayed label below this labels offset belong to published windows.
        public var labelOffset: Int64

        public init(nextIndex: Int, predictionOffset: Int64, labelOffset: Int64) {
            self.nextIndex = nextIndex
            self.predictionOffset = predictionOffset
            self.labelOffset = labelOffset
        }
    }

    public static let formatVersion = 1
    public var models: [String: Resume]
    /// Performance windows of labels from the labels topic (`"p"`).
    public var performance: [String: PerformanceResume]
    /// Performance windows of inline labels (`"i"`).
    public var inlinePerformance: [String: PerformanceResume]

    public init(models: [String: Resume] = [:], performance: [String: PerformanceResume] = [:],
                inlinePerformance: [String: PerformanceResume] = [:]) {
        self.models = models
        self.performance = performance
        self.inlinePerformance = inlinePerformance
    }

    /// Deterministic compact JSON (models sorted by name).
    public var encoded: String {
        var object = JSONObject()
        object["v"] = .int(Self.formatVersion)
        var models = JSONObject()
        for name in self.models.keys.sorted() {
            let r = self.models[name]!
            models[name] = .array([.int(r.nextIndex), .number(Double(r.resumeOffset))])
        }
        object["m"] = .object(models)
        for (key, starts) in [("i", inlinePerformance), ("p", performance)] where !starts.isEmpty {
            var p = JSONObject()
            for name in starts.keys.sorted() {
                let r = starts[name]!
                p[name] = .array([.int(r.nextIndex), .number(Double(r.predictionOffset)), .number(Double(r.labelOffset))])
            }
            object[key] = .object(p)
        }
        return object.encodedString()
    }

    /// Parses `encoded`; nil for empty metadata (a group that never stored state). Throws a
    /// one-sentence error for metadata that is not ours or of a newer format.
    public init?(encoded text: String) throws(DecodeFailure) {
        if text.isEmpty { return nil }
        let value = try JSONValue.parse(Array(text.utf8))
        guard case .object(let object) = value, let version = object["v"].flatMap(Self.integer) else {
            throw DecodeFailure("commit metadata is not a driftwatch window state: \(text.prefix(80))")
        }
        guard version == Self.formatVersion else {
            throw DecodeFailure("commit metadata has window-state format \(version); this driftwatch reads \(Self.formatVersion)")
        }
        var models: [String: Resume] = [:]
        if case .object(let entries)? = object["m"] {
            for (name, entry) in entries.members {
                guard case .array(let pair) = entry, pair.count == 2,
                      let index = Self.integer(pair[0]), let offset = Self.integer(pair[1])
                else { throw DecodeFailure("commit metadata has a bad window state for model \(name)") }
                models[name] = Resume(nextIndex: index, resumeOffset: Int64(offset))
            }
        }
        self.models = models
        self.performance = try Self.performance(object["p"])
        self.inlinePerformance = try Self.performance(object["i"])
    }

    private static func performance(_ value: JSONValue?) throws(DecodeFailure) -> [String: PerformanceResume] {
        var performance: [String: PerformanceResume] = [:]
        if case .object(let entries)? = value {
            for (name, entry) in entries.members {
                guard case .array(let t) = entry, t.count == 3, let index = Self.integer(t[0]),
                      let p = Self.integer(t[1]), let l = Self.integer(t[2])
                else { throw DecodeFailure("commit metadata has a bad performance window state for model \(name)") }
                performance[name] = PerformanceResume(nextIndex: index, predictionOffset: Int64(p), labelOffset: Int64(l))
            }
        }
        return performance
    }

    private static func integer(_ value: JSONValue) -> Int? {
        if case .number(let x) = value, x.rounded() == x, abs(x) < 9e15 { return Int(x) }
        return nil
    }
}
