import Testing
@testable import DriftwatchCore

/// JSON round trip of summaries, and the exact sums they rely on for order independence.
@Suite struct WindowSummaryJSONTests {
    static func decode(_ bytes: [UInt8]) throws -> WindowSummary {
        try bytes.withUnsafeBytes { try WindowSummary(jsonBytes: $0) }
    }

    @Test func roundTripIsEqualAndByteIdentical() throws {
        let v = MergeVectors.shared
        let bins = SummaryReference(reference: v.modelReference)
        var merged: WindowSummary?
        for j in v.chunk_sizes.indices {
            let s = v.summary(chunk: j, reference: bins, settings: StageSettings())
            let bytes = s.jsonBytes
            let back = try Self.decode(bytes)
            #expect(back == s)
            #expect(back.jsonBytes == bytes)
            if merged == nil { merged = s } else { merged!.merge(s) }
        }
        let m = try #require(merged)
        #expect(try Self.decode(m.jsonBytes) == m)
        #expect(m.id == "summary:m:predictions-0:0-31299")
    }

    /// `jsonBytes` writes the bins directly; it must give `jsonValue`'s bytes exactly, for
    /// sparse windows (the `m` form), dense merged ones (`c`), and out-of-range counts.
    @Test func directWriterGivesTheBytesOfTheValueTree() throws {
        let v = MergeVectors.shared
        let bins = SummaryReference(reference: v.modelReference)
        var summaries = v.chunk_sizes.indices.map { v.summary(chunk: $0, reference: bins, settings: StageSettings()) }
        var merged = summaries[0]
        for s in summaries.dropFirst() { merged.merge(s) }
        summaries.append(merged)
        var ranged = merged
        for name in ranged.features.keys {
            if case .numeric(var n) = ranged.features[name]! { n.outOfRange = 7; ranged.features[name] = .numeric(n) }
        }
        summaries.append(ranged)
        for s in summaries {
            let tree = s.jsonValue.encodedBytes()
            let direct = s.jsonBytes
            #expect(direct == tree, "\(s.id): \(direct.count) bytes written directly, \(tree.count) from the tree")
        }
    }

    /// Summaries of format 1 (bins as JSON arrays `i`, `c` or `m`, `o`), written by the previous
    /// version and possibly still on the topic after an upgrade, read back to the same value.
    @Test func format1SummariesStillRead() throws {
        let v = MergeVectors.shared
        let bins = SummaryReference(reference: v.modelReference)
        var merged = v.summary(chunk: 0, reference: bins, settings: StageSettings())
        let first = merged
        for j in v.chunk_sizes.indices.dropFirst() { merged.merge(v.summary(chunk: j, reference: bins, settings: StageSettings())) }
        for (s, countsForm) in [(first, "m"), (merged, "c")] {
            guard case .object(var o) = s.jsonValue, case .object(var features) = o["features"]! else { Issue.record("not an object"); return }
            o["format"] = 1
            for (name, column) in s.features {
                guard case .numeric(let n) = column, case .object(var c) = features[name]! else { continue }
                let occupied = n.bins.indices.filter { n.bins[$0] != 0 }
                c["b"] = nil
                c["i"] = .array(zip(occupied, [0] + occupied).map { .int($0 - $1) })
                if countsForm == "m" {
                    c["m"] = .array(occupied.indices.filter { n.bins[occupied[$0]] != 1 }.flatMap { [JSONValue.int($0), .int(n.bins[occupied[$0]])] })
                } else {
                    c["c"] = .array(occupied.map { .int(n.bins[$0]) })
                }
                c["o"] = .array(occupied.map { .int(n.offsets[$0]) })
                features[name] = .object(c)
            }
            o["features"] = .object(features)
            let text = JSONValue.object(o).encodedString()
            let hasBinText = text.contains("\"b\":\"")
            #expect(!hasBinText)
            #expect(try Self.decode(Array(text.utf8)) == s)
        }
    }

    @Test func binTextRejectsWhatItNeverWrites() throws {
        let v = MergeVectors.shared
        let s = v.summary(chunk: 0, reference: SummaryReference(reference: v.modelReference), settings: StageSettings())
        let text = String(decoding: s.jsonBytes, as: UTF8.self)
        let b = try #require(text.range(of: "\"b\":\""))
        for (bad, reason) in [("!", "outside its alphabet"), ("B", "ends inside a bin"), ("_____________A", "too large")] {
            let broken = text.replacingCharacters(in: b.upperBound..<b.upperBound, with: bad)
            #expect(throws: SummaryFormatError.self, "\(reason)") { try Self.decode(Array(broken.utf8)) }
        }
    }

    @Test func integersAreWrittenAsStringDoes() {
        for value: Int64 in [0, 9, 10, 99, 100, 12345, -1, -10, -987654321, .max, .min, 1 << 53] {
            var w = JSONWriter()
            w.write(integer: value)
            #expect(w.string == String(value))
        }
    }

    @Test func malformedSummariesThrowNamingTheMember() throws {
        let v = MergeVectors.shared
        let s = v.summary(chunk: 0, reference: SummaryReference(reference: v.modelReference), settings: StageSettings())
        var text = String(decoding: s.jsonBytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"present\":", with: "\"presnt\":")
        #expect(throws: SummaryFormatError.self) { try Self.decode(Array(text.utf8)) }
        #expect(throws: (any Error).self) { try Self.decode(Array("{\"format\":1".utf8)) }
    }

    @Test func exactSumIsOrderIndependentAndExact() {
        let values: [Double] = [1e100, 1, -1e100, 0.1, 0.2, -0.3, 5e-324, 1e-300, 123456.789, -2.5, 1e308, -1e308]
        let forward = ExactSum(values)
        let backward = ExactSum(values.reversed())
        var pairwise = ExactSum(values[..<5])
        pairwise += ExactSum(values[5...])
        #expect(forward == backward)
        #expect(forward == pairwise)
        // The huge terms cancel exactly; a double sum in this order would give 0 or garbage.
        let representable: [Double] = [1e100, 1, -1e100, 0.5, 0.25, -2.75, 1e308, -1e308, 1e-300, -1e-300, 5e-324]
        #expect(ExactSum(representable).value == -1 + 5e-324 || ExactSum(representable).value == -1)
        #expect(ExactSum([1e-300, -1e-300, 5e-324]).value == 5e-324)
        #expect(ExactSum([1e300, -1e300, 3]).value == 3)
        #expect(ExactSum([0.1, -0.1]).isZero)
        #expect(ExactSum([-3.25, 1]).value == -2.25)
        #expect(-ExactSum([2]) + ExactSum([2]) == ExactSum())
        // Ten doubles 0.1 sum exactly to 1 + 5.55e-17, which rounds to 1 (a running double sum gives 0.9999999999999999).
        #expect(ExactSum(Array(repeating: 0.1, count: 10)).value == 1)
    }

    @Test func logHistogramPercentilesAreWithinOnePercent() {
        var rng = SplitMix64(seed: 7, stream: 0)
        let values = (0..<5_000).map { _ in rng.logNormal(mu: 3.7, sigma: 0.6) } + [0, 0]
        let sorted = values.sorted()
        let h = LogHistogram(values)
        for q in [1.0, 50, 95, 99, 100] {
            let exact = percentile(sorted, q)
            #expect(abs(h.percentile(q) - exact) <= 0.01 * exact, "p\(q)")
        }
        var a = LogHistogram(Array(values[..<1_000])), b = LogHistogram(Array(values[1_000...]))
        a.merge(b)
        b = LogHistogram(values)
        #expect(a == b)
    }
}
