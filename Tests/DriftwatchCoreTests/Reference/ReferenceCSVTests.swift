import Foundation
import DriftwatchSynthetic
import Testing
@testable import DriftwatchCore

/// CSV type inference (`reference build`): null spellings, trimming, mostly-numeric columns,
/// forced types.
@Suite struct ReferenceCSVTests {
    func build(_ csv: String, types: [String: ColumnType] = [:]) throws(ReferenceInputError) -> ReferenceProfile {
        try ReferenceInput.build(data: Data(csv.utf8), file: "train.csv", modelID: "m", types: types)
    }

    func error(_ csv: String, types: [String: ColumnType] = [:]) -> String? {
        do {
            _ = try build(csv, types: types)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func usualNullSpellingsAreMissingAndCellsAreTrimmed() throws {
        let csv = "amount , city\n1.5,Berlin\nN/A,NA\nNA,\nNULL,x\nnull,x\nNone,x\n-,x\n,x\nnan,x\n 5 , Paris \nNaN,none\nn/a,x\n"
        let p = try build(csv)
        #expect(p.features["amount"] == ColumnProfile(type: .numeric, count: 2, missing: 10, values: [1.5, 5]).ranged(1.5035, 4.9965))
        #expect(p.features["city"]?.categories == ["Berlin": 1, "Paris": 1, "x": 7])
        #expect(p.features["city"]?.missing == 3)
    }

    @Test func aMostlyNumericColumnWithAFewWordsIsRefusedNamingTheRows() {
        let rows = (1...20).map { $0 == 4 ? "oops" : $0 == 9 ? "n.a." : "\($0)" }
        #expect(error("amount\n" + rows.joined(separator: "\n") + "\n") == """
            train.csv: column "amount" is mostly numbers (18 of 20 values) but line 5 has "oops", line 10 has "n.a."; \
            fix those cells, or force the type with --types amount=numeric (non-numbers become missing) or \
            --types amount=categorical.
            """)
        let many = (1...10).map { $0 <= 4 ? "w\($0)" : "\($0)" }
        #expect(error("a\n" + many.joined(separator: "\n"))?.contains("line 2 has \"w1\", line 3 has \"w2\", line 4 has \"w3\" and 1 more;") == true)
    }

    @Test func aColumnOfMostlyWordsStaysCategorical() throws {
        let p = try build("code\nA1\nB2\n7\nC3\n")
        #expect(p.features["code"]?.categories == ["A1": 1, "B2": 1, "7": 1, "C3": 1])
    }

    @Test func typesForceAColumnsType() throws {
        let csv = "amount,zip\n1,01234\n2,2000\noops,3000\n"
        let numeric = try build(csv, types: ["amount": .numeric, "zip": .categorical])
        #expect(numeric.features["amount"] == ColumnProfile(type: .numeric, count: 2, missing: 1, values: [1, 2]).ranged(1.001, 1.999))
        #expect(numeric.features["zip"]?.categories == ["01234": 1, "2000": 1, "3000": 1])
        let categorical = try build(csv, types: ["amount": .categorical])
        #expect(categorical.features["amount"]?.categories == ["1": 1, "2": 1, "oops": 1])
        #expect(error(csv, types: ["amout": .numeric])
            == "--types names column \"amout\", which train.csv does not have; its columns are amount, zip.")
    }

    @Test func typesAndLabelsDoNotApplyToTheOtherFormat() throws {
        let events = "{\"event_id\":\"e1\",\"model_id\":\"m\",\"features\":{\"a\":1},\"prediction\":1}\n"
        #expect(throws: ReferenceInputError.self) {
            try ReferenceInput.build(data: Data(events.utf8), file: "e.jsonl", modelID: "m", types: ["a": .numeric])
        }
        let labels = try ReferenceLabels(data: Data("{\"event_id\":\"e1\",\"model_id\":\"m\",\"label\":1}\n".utf8),
                                         file: "l.jsonl", modelID: "m")
        #expect(throws: ReferenceInputError.self) {
            try ReferenceInput.build(data: Data("a\n1\n".utf8), file: "t.csv", modelID: "m", labels: labels)
        }
    }

    /// The same synthetic events as JSON Lines (read by `EventDecoder`) and as CSV (read byte by
    /// byte) give the same profile, digit for digit: both fast readers keep every number exact.
    @Test func jsonLinesAndCSVOfTheSameRowsGiveTheSameProfile() throws {
        let traffic = SyntheticTraffic(seed: 7)
        var jsonl: [UInt8] = []
        var rows: [JSONValue] = []
        for i in 0..<3_000 {
            let event = traffic.event(at: i)
            jsonl += event + [UInt8(ascii: "\n")]
            rows.append(try JSONValue.parse(event))
        }
        let names = try #require(rows.first?["features"]?.objectValue).members.map(\.key).sorted()
        func cell(_ v: JSONValue?) -> String {
            switch v {
            case .number(let x)?: "\(x)"
            case .string(let s)?: s
            case .bool(let b)?: b ? "true" : "false"
            default: ""
            }
        }
        var csv = (names + ["prediction", "score", "label"]).joined(separator: ",") + "\n"
        for row in rows {
            let features = row["features"]
            csv += (names.map { cell(features?[$0]) } + [cell(row["prediction"]), cell(row["score"]), cell(row["label"])])
                .joined(separator: ",") + "\n"
        }
        let fromJSON = try ReferenceInput.build(data: Data(jsonl), file: "e.jsonl", modelID: SyntheticTraffic.modelID)
        let fromCSV = try ReferenceInput.build(data: Data(csv.utf8), file: "e.csv", modelID: SyntheticTraffic.modelID)
        #expect(fromJSON.features == fromCSV.features)
        #expect(fromJSON.prediction == fromCSV.prediction && fromJSON.score == fromCSV.score && fromJSON.label == fromCSV.label)
        #expect(fromJSON.baseline == fromCSV.baseline)
        #expect(fromJSON.features.count == names.count && fromJSON.baseline != nil)
    }
}

extension ColumnProfile {
    /// The column with the format-2 valid range [p0.1, p99.9] (numpy.percentile, linear).
    func ranged(_ p0_1: Double, _ p99_9: Double) -> ColumnProfile {
        var c = self
        c.p0_1 = p0_1
        c.p99_9 = p99_9
        return c
    }
}
