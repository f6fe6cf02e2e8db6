import Foundation
import Testing
@testable import DriftwatchCore

/// Our parser against Foundation's JSONSerialization over a generated corpus: same accept or
/// reject, same values. Documented divergences (counted, asserted to be only these):
/// JSONSerialization accepts trailing commas ("[1,]") and UTF-16/32 input; RFC 8259 does not.
@Suite struct JSONCorpusTests {
    enum Outcome { case agree, trailingComma, mismatch(String) }

    static func foundation(_ bytes: [UInt8]) -> Result<Any, any Error> {
        Result { try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) }
    }

    /// True when `ours` is the same value as Foundation's `theirs` (objects: last duplicate wins).
    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let b):
            guard let n = theirs as? NSNumber, String(cString: n.objCType) == "c" else { return false }
            return n.boolValue == b
        case .number(let d):
            guard let n = theirs as? NSNumber, String(cString: n.objCType) != "c" else { return false }
            if n is NSDecimalNumber {
                // Foundation on Linux parses non-integers to Decimal, whose doubleValue is off by a
                // few ulps; ours is correctly rounded (checked against strtod in JSONNumberTests).
                return d == n.doubleValue || abs(d - n.doubleValue) <= 1e-14 * abs(d)
            }
            return d == n.doubleValue
        case .string(let s):
            guard let t = theirs as? String else { return false }
            return Array(s.utf8) == Array(t.utf8)
        case .array(let elements):
            guard let t = theirs as? [Any], t.count == elements.count else { return false }
            return zip(elements, t).allSatisfy { same($0, $1) }
        case .object(let object):
            guard let t = theirs as? [String: Any] else { return false }
            var last: [String: JSONValue] = [:]
            for (k, v) in zip(object.keys, object.values) { last[k] = v }
            guard last.count == t.count else { return false }
            return last.allSatisfy { k, v in t[k].map { same(v, $0) } ?? false }
        }
    }

    static func compare(_ bytes: [UInt8]) -> Outcome {
        // UTF-16/32 detection in Foundation: outside the contract (SPEC: UTF-8), skip.
        if bytes.prefix(4).contains(0) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return .agree }
        let ours = Result { () throws(DecodeFailure) -> JSONValue in try JSONValue.parse(bytes) }
        let theirs = foundation(bytes)
        switch (ours, theirs) {
        case (.success(let o), .success(let t)):
            return same(o, t) ? .agree : .mismatch("different values: ours \(o.encodedString().prefix(150)) theirs \(String(describing: t).prefix(150))")
        case (.failure(let f), .failure):
            // Every syntax failure names its byte offset in its one sentence.
            guard let offset = f.offset, f.reason.contains("byte \(offset)"), !f.reason.contains("\n") else {
                return .mismatch("reason without its offset: \(f.reason)")
            }
            return .agree
        case (.failure(let f), .success):
            if isTrailingComma(bytes, f) { return .trailingComma }
            return .mismatch("we reject (\(f.reason)), Foundation accepts")
        case (.success, .failure(let e)):
            return .mismatch("we accept, Foundation rejects (\(e))")
        }
    }

    /// Our failure is at a ']' or '}' right after a ',' (ignoring whitespace).
    static func isTrailingComma(_ bytes: [UInt8], _ failure: DecodeFailure) -> Bool {
        guard let at = failure.offset, at < bytes.count, bytes[at] == UInt8(ascii: "]") || bytes[at] == UInt8(ascii: "}") else { return false }
        var i = at - 1
        while i >= 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i -= 1 }
        return i >= 0 && bytes[i] == UInt8(ascii: ",")
    }

    static func run(_ documents: [[UInt8]]) -> (agree: Int, trailingCommas: Int, mismatches: [String]) {
        var agree = 0, commas = 0
        var mismatches: [String] = []
        for doc in documents {
            switch compare(doc) {
            case .agree: agree += 1
            case .trailingComma: commas += 1
            case .mismatch(let m): mismatches.append(String("\(m) for \(String(decoding: doc.prefix(120), as: UTF8.self).debugDescription)".prefix(400)))
            }
        }
        return (agree, commas, mismatches)
    }

    @Test func validDocumentsParseToFoundationsValues() throws {
        var corpus = JSONCorpus(seed: 1)
        let docs = (0..<4000).map { _ in Array((corpus.whitespace() + corpus.value(depth: 0) + corpus.whitespace()).utf8) }
        var accepted = 0
        for doc in docs where (try? JSONValue.parse(doc)) != nil { accepted += 1 }
        #expect(accepted == docs.count)
        let result = Self.run(docs)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count) mismatches, first: \(result.mismatches.prefix(3))")
        #expect(result.agree == docs.count)
    }

    @Test func mutatedDocumentsAcceptAndRejectLikeFoundation() throws {
        var corpus = JSONCorpus(seed: 2)
        var docs: [[UInt8]] = []
        for _ in 0..<8000 {
            let valid = Array(corpus.value(depth: 0).utf8)
            docs.append(corpus.mutate(valid))
        }
        let rejected = docs.filter { (try? JSONValue.parse($0)) == nil }.count
        #expect(rejected > docs.count / 2, "the mutations should mostly break documents")
        let result = Self.run(docs)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count) mismatches, first: \(result.mismatches.prefix(3))")
        #expect(result.agree + result.trailingCommas == docs.count)
    }

    @Test func eventShapedDocumentsAgree() throws {
        var corpus = JSONCorpus(seed: 3)
        var docs: [[UInt8]] = []
        for i in 0..<2000 {
            let features = (0..<20).map { "\"f\($0)\":\(corpus.number())" }.joined(separator: ",")
            let text = "{\"event_id\":\"e-\(i)\",\"model_id\":\"m\",\"features\":{\(features),\"c\":\"\(corpus.stringBody())\"},\"prediction\":1}"
            docs.append(Array(text.utf8))
            docs.append(corpus.mutate(Array(text.utf8)))
        }
        let result = Self.run(docs)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count) mismatches, first: \(result.mismatches.prefix(3))")
    }
}
