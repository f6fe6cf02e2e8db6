/// The summary as compact, deterministic JSON (the internal summaries topic) and back.
///
/// Objects keep a fixed member order and dictionaries are written sorted by key, so equal
/// summaries give equal bytes. Fine-bin counts are sparse: only non-empty bins, as one string
/// `b` of (bin distance, count, in-bin offset) triples (`FineBinText`; a 250-event sub-window
/// touches at most 250 of the 1,000–2,700 bins). Exact sums are `[sign, position, limb, …]`
/// (`ExactSum`); numbers are integers below 2^53 or doubles the writer prints round-trip.
extension WindowSummary {
    /// 2: fine bins as `FineBinText` (`"b"`); format 1's JSON arrays are still read.
    public static let formatVersion = 2

    public var jsonValue: JSONValue {
        var o = header
        var f = JSONObject()
        for name in features.keys.sorted() { f[name] = features[name]!.jsonValue }
        o["features"] = .object(f)
        o["unexpected_features"] = .array(unexpectedFeatures.map { .string($0) })
        if let prediction { o["prediction"] = prediction.jsonValue }
        if let score { o["score"] = score.jsonValue }
        if let label { o["label"] = label.jsonValue }
        o["quality"] = quality.jsonValue
        o["system"] = system.jsonValue
        return .object(o)
    }

    /// Identity members, the first of `jsonValue`'s.
    private var header: JSONObject {
        [
            "kind": .string(isPerformance ? "performance_summary" : "window_summary"),
            "format": .int(Self.formatVersion), "id": .string(id),
            "model_id": .string(modelID), "topic": .string(topic), "partition": .int(Int(partition)),
            "index": .int(index), "start_offset": .int(Int(startOffset)), "end_offset": .int(Int(endOffset)),
            "events": .int(events), "start_time_ms": .number(startTimeMs), "end_time_ms": .number(endTimeMs),
            "partial": .bool(partial), "reference_version": .string(referenceVersion),
        ]
    }

    /// The bytes of `jsonValue` written directly: the fine-bin arrays, most of a summary, go
    /// from the bins to the buffer without a `JSONValue` per number (`WindowSummaryJSONTests`
    /// checks both give the same bytes).
    public var jsonBytes: [UInt8] {
        var w = JSONWriter(reservingCapacity: 32_768)
        w.write(.object(header))
        w.bytes.removeLast()  // the header's "}": the members below continue the object
        w.writeRaw(",\"features\":{")
        for (i, name) in features.keys.sorted().enumerated() {
            if i > 0 { w.writeRaw(",") }
            w.write(string: name)
            w.writeRaw(":")
            features[name]!.write(to: &w)
        }
        w.writeRaw("},\"unexpected_features\":")
        w.write(.array(unexpectedFeatures.map { .string($0) }))
        if let prediction { w.writeRaw(",\"prediction\":"); prediction.write(to: &w) }
        if let score { w.writeRaw(",\"score\":"); score.write(to: &w) }
        if let label { w.writeRaw(",\"label\":"); label.write(to: &w) }
        w.writeRaw(",\"quality\":")
        w.write(quality.jsonValue)
        w.writeRaw(",\"system\":")
        w.write(system.jsonValue)
        w.writeRaw("}")
        return w.bytes
    }

    /// Parses what `jsonBytes` wrote (`JSONValue.parse`); throws `SummaryFormatError` on anything else.
    public init(jsonBytes: UnsafeRawBufferPointer) throws {
        let value = try JSONValue.parse(jsonBytes)
        let r = try SummaryReader(value, "summary")
        guard try (1...Self.formatVersion).contains(r.int("format")) else {
            throw SummaryFormatError("unsupported window summary format \(try r.int("format"))")
        }
        self.init(
            modelID: try r.string("model_id"), topic: try r.string("topic"),
            partition: Int32(truncatingIfNeeded: try r.int("partition")), index: try r.int("index"),
            startOffset: Int64(try r.int("start_offset")), endOffset: Int64(try r.int("end_offset")),
            events: try r.int("events"), startTimeMs: try r.double("start_time_ms"),
            endTimeMs: try r.double("end_time_ms"), partial: try r.bool("partial"),
            referenceVersion: try r.string("reference_version"))
        isPerformance = r.optional("kind")?.stringValue == "performance_summary"
        for (name, v) in try r.object("features").members {
            features[name] = try ColumnSummary(try SummaryReader(v, "features.\(name)"))
        }
        unexpectedFeatures = try r.array("unexpected_features").map {
            guard let s = $0.stringValue else { throw SummaryFormatError("unexpected_features holds a non-string") }
            return s
        }
        if let v = r.optional("prediction") { prediction = try ColumnSummary(try SummaryReader(v, "prediction")) }
        if let v = r.optional("score") { score = try NumericColumnSummary(try SummaryReader(v, "score")) }
        if let v = r.optional("label") { label = try ColumnSummary(try SummaryReader(v, "label")) }
        quality = try QualitySummary(try r.reader("quality"))
        system = try SystemSummary(try r.reader("system"))
    }
}

extension ColumnSummary {
    var jsonValue: JSONValue {
        switch self {
        case .numeric(let n): n.jsonValue
        case .categorical(let c): c.jsonValue
        }
    }

    init(_ r: SummaryReader) throws {
        switch try r.string("t") {
        case "n": self = .numeric(try NumericColumnSummary(r))
        case "c": self = .categorical(try CategoricalColumnSummary(r))
        case let t: throw SummaryFormatError("\(r.path).t is \"\(t)\", not \"n\" or \"c\"")
        }
    }
}

extension ColumnSummary {
    func write(to w: inout JSONWriter) {
        switch self {
        case .numeric(let n): n.write(to: &w)
        case .categorical(let c): w.write(c.jsonValue)
        }
    }
}

extension NumericColumnSummary {
    /// `jsonValue`'s bytes, the sparse bins written straight from the arrays.
    func write(to w: inout JSONWriter) {
        w.writeRaw("{\"t\":\"n\",\"count\":")
        w.write(integer: Int64(count))
        w.writeRaw(",\"min\":")
        w.write(number: min)
        w.writeRaw(",\"max\":")
        w.write(number: max)
        w.writeRaw(",\"nulls\":")
        w.write(integer: Int64(nulls))
        w.writeRaw(",\"type_errors\":")
        w.write(integer: Int64(typeErrors))
        w.writeRaw(",\"non_finite\":")
        w.write(integer: Int64(nonFinite))
        w.writeRaw(",\"present\":")
        w.write(integer: Int64(present))
        w.writeRaw(",\"sum\":")
        w.write(sum.jsonValue)
        w.writeRaw(",\"sum2\":")
        w.write(sumOfSquares.jsonValue)
        w.writeRaw(",\"below\":")
        w.write(belowSum.jsonValue)
        w.writeRaw(",\"above\":")
        w.write(aboveSum.jsonValue)
        w.writeRaw(",\"bins\":")
        w.write(integer: Int64(bins.count))
        w.writeRaw(",\"b\":\"")
        FineBinText.append(bins: bins, offsets: offsets, to: &w.bytes)
        w.writeRaw("\"")
        if outOfRange > 0 {
            w.writeRaw(",\"out_of_range\":")
            w.write(integer: Int64(outOfRange))
        }
        w.writeRaw("}")
    }

    var jsonValue: JSONValue {
        var text: [UInt8] = []
        FineBinText.append(bins: bins, offsets: offsets, to: &text)
        var o: JSONObject = [
            "t": "n", "count": .int(count), "min": .number(min), "max": .number(max), "nulls": .int(nulls),
            "type_errors": .int(typeErrors), "non_finite": .int(nonFinite), "present": .int(present),
            "sum": sum.jsonValue, "sum2": sumOfSquares.jsonValue, "below": belowSum.jsonValue,
            "above": aboveSum.jsonValue, "bins": .int(bins.count), "b": .string(String(decoding: text, as: UTF8.self)),
        ]
        // Written only when nonzero, so summaries without out-of-range values keep their bytes.
        if outOfRange > 0 { o["out_of_range"] = .int(outOfRange) }
        return .object(o)
    }

    init(_ r: SummaryReader) throws {
        let binCount = try r.int("bins")
        // FineBins has (B + 1) quantile + B uniform edges, doubled at most by point masses.
        guard binCount >= 1 && binCount <= 1_000_000 else { throw SummaryFormatError("\(r.path).bins is \(binCount)") }
        self.init(binCount: binCount)
        count = try r.int("count")
        min = r.optional("min")?.doubleValue ?? .infinity
        max = r.optional("max")?.doubleValue ?? -.infinity
        nulls = try r.int("nulls")
        typeErrors = try r.int("type_errors")
        nonFinite = try r.int("non_finite")
        present = try r.int("present")
        if r.optional("out_of_range") != nil { outOfRange = try r.int("out_of_range") }
        sum = try r.exact("sum")
        sumOfSquares = try r.exact("sum2")
        belowSum = try r.exact("below")
        aboveSum = try r.exact("above")
        if r.optional("b") != nil {
            try FineBinText.decode(try r.string("b"), into: &bins, &offsets, path: r.path)
        } else {
            try readFormat1Bins(r)
        }
    }

    /// Format 1's bins: delta-coded bin numbers `i`, counts `c` (or only the counts other
    /// than 1, `m` = [position in i, count, …]) and offsets `o`, as JSON arrays.
    private mutating func readFormat1Bins(_ r: SummaryReader) throws {
        let i = try r.ints("i"), o = try r.ints("o")
        var c: [Int]
        if r.optional("c") != nil {
            c = try r.ints("c")
        } else {
            c = [Int](repeating: 1, count: i.count)
            let m = try r.ints("m")
            guard m.count % 2 == 0 else { throw SummaryFormatError("\(r.path).m has an odd length") }
            for j in stride(from: 0, to: m.count, by: 2) {
                guard m[j] >= 0 && m[j] < c.count else { throw SummaryFormatError("\(r.path).m names position \(m[j])") }
                c[m[j]] = m[j + 1]
            }
        }
        guard i.count == c.count, c.count == o.count else { throw SummaryFormatError("\(r.path): i, c and o differ in length") }
        var k = 0
        for j in i.indices {
            k += i[j]
            guard k >= 0 && k < bins.count else { throw SummaryFormatError("\(r.path): bin \(k) out of range") }
            bins[k] = c[j]
            offsets[k] = o[j]
        }
    }
}

extension CategoricalColumnSummary {
    var jsonValue: JSONValue {
        .object(["t": "c", "counts": SummaryReader.counts(counts), "nulls": .int(nulls),
                 "type_errors": .int(typeErrors), "present": .int(present)])
    }

    init(_ r: SummaryReader) throws {
        self.init()
        counts = try r.counts("counts")
        nulls = try r.int("nulls")
        typeErrors = try r.int("type_errors")
        present = try r.int("present")
    }
}

extension ExactSum {
    /// `[sign, position, limb, …]`: sign 1 for negative, 0 otherwise; `[]` for zero.
    var jsonValue: JSONValue {
        if isZero { return .array([]) }
        var a: [JSONValue] = [.int(negative ? 1 : 0)]
        for (p, l) in zip(positions, limbs) {
            a.append(.int(Int(p)))
            a.append(.int(Int(l)))
        }
        return .array(a)
    }

    init(json: [Int], path: String) throws {
        if json.isEmpty { self.init(); return }
        guard json.count % 2 == 1, json[0] == 0 || json[0] == 1,
              json.dropFirst().allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) else {
            throw SummaryFormatError("\(path) is not an exact sum")
        }
        let rest = Array(json.dropFirst())
        let positions = stride(from: 0, to: rest.count, by: 2).map { Int16(truncatingIfNeeded: rest[$0]) }
        let limbs = stride(from: 1, to: rest.count, by: 2).map { UInt32(rest[$0]) }
        guard let s = ExactSum(negative: json[0] == 1, positions: positions, limbs: limbs) else {
            throw SummaryFormatError("\(path) is not a canonical exact sum")
        }
        self = s
    }
}

extension QualitySummary {
    /// `{"confusion": {label: {prediction: n}}, "scores": {label: {"s": [scores ascending], "n": [counts]}}, …}`.
    var jsonValue: JSONValue {
        var confusionObject = JSONObject()
        for l in confusion.keys.sorted() { confusionObject[l] = SummaryReader.counts(confusion[l]!) }
        var scoreObject = JSONObject()
        for l in scores.keys.sorted() {
            let row = scores[l]!
            let keys = row.keys.sorted()
            scoreObject[l] = .object(["s": .array(keys.map { .number($0) }), "n": .array(keys.map { .int(row[$0]!) })])
        }
        return .object([
            "confusion": .object(confusionObject), "scores": .object(scoreObject), "unscored": .int(unscored),
            "regression_pairs": .int(regressionPairs), "absolute_errors": absoluteErrors.jsonValue,
            "squared_errors": squaredErrors.jsonValue,
        ])
    }

    init(_ r: SummaryReader) throws {
        self.init()
        for (l, v) in try r.object("confusion").members {
            confusion[l] = try SummaryReader(.object(["row": v]), "\(r.path).confusion.\(l)").counts("row")
        }
        for (l, v) in try r.object("scores").members {
            let row = try SummaryReader(v, "\(r.path).scores.\(l)")
            let s = try row.array("s"), n = try row.ints("n")
            guard s.count == n.count else { throw SummaryFormatError("\(row.path): s and n differ in length") }
            var counts: [Double: Int] = [:]
            for (x, c) in zip(s, n) {
                guard let d = x.doubleValue else { throw SummaryFormatError("\(row.path).s holds a non-number") }
                counts[d] = c
            }
            scores[l] = counts
        }
        unscored = try r.int("unscored")
        regressionPairs = try r.int("regression_pairs")
        absoluteErrors = try r.exact("absolute_errors")
        squaredErrors = try r.exact("squared_errors")
    }
}
