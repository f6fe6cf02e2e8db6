import Foundation
import Testing
@testable import DriftwatchCore

@Suite("Reference profiles: build from JSONL/CSV, versioned load, preparation")
struct ReferenceProfileTests {
    static let jsonl = """
        {"event_id":"e1","model_id":"m","features":{"amount":10.5,"country":"DE","vip":true,"age":30},"prediction":1,"score":0.9,"label":1}
        {"event_id":"e2","model_id":"m","features":{"amount":20,"country":"FR","vip":false,"age":null},"prediction":0,"score":0.2,"label":1}
        {"event_id":"e3","model_id":"other","features":{"amount":"not ours"}}

        {"event_id":"e4","model_id":"m","features":{"amount":5,"country":"DE","vip":false},"prediction":0,"score":0.4,"label":0}
        """

    func build(_ text: String, file: String = "in.jsonl", max: Int = 100_000) throws -> ReferenceProfile {
        try ReferenceInput.build(data: Data(text.utf8), file: file, modelID: "m",
                                 sampling: .init(maxValues: max, seed: 7))
    }

    func error(_ text: String, file: String = "in.jsonl") -> String? {
        do {
            _ = try build(text, file: file)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func buildsFromJSONLines() throws {
        let p = try build(Self.jsonl)
        #expect(p.modelID == "m")
        #expect(p.source == .init(file: "in.jsonl", kind: "jsonl", rows: 3, skippedRows: 1))
        #expect(p.features["amount"] == ColumnProfile(type: .numeric, count: 3, missing: 0, values: [10.5, 20, 5]).ranged(5.011, 19.981))
        #expect(p.features["age"] == ColumnProfile(type: .numeric, count: 1, missing: 2, values: [30]).ranged(30, 30))
        #expect(p.features["country"]?.categories == ["DE": 2, "FR": 1])
        #expect(p.features["vip"]?.type == .categorical)
        #expect(p.features["vip"]?.categories == ["true": 1, "false": 2])
        #expect(p.prediction?.values == [1, 0, 0])
        #expect(p.score?.values == [0.9, 0.2, 0.4])
        let b = try #require(p.baseline)
        #expect(b.labelled == 3)
        #expect(b.accuracy == 2.0 / 3.0)
        #expect(b.precision == 1 && b.recall == 0.5)
        #expect(b.auc == 0.5)  // sklearn roc_auc_score([1,1,0], [0.9,0.2,0.4])
        #expect(b.mae == nil)
    }

    @Test func keepsNumbersExactlyAsWritten() throws {
        // swift-corelibs JSONSerialization rounds many of these through Decimal; JSONDecoder
        // (used by the builder) parses them exactly.
        let numbers = [-1.3135982885626643, -0.6982169237234381, 1.0887780170871282, 0.1, 1e-300, 123456789.123456789]
        let lines = numbers.map { "{\"model_id\":\"m\",\"features\":{\"x\":\($0)}}" }.joined(separator: "\n")
        #expect(try build(lines).features["x"]?.values == numbers)
    }

    @Test func buildsFromCSV() throws {
        let csv = "amount,country,flag,prediction,label,score\r\n1.5,DE,true,1,1,0.9\n2,\"F,R\",FALSE,0,1,0.3\n,DE,true,0,0,0.2\n"
        let p = try build(csv, file: "in.csv")
        #expect(p.source?.kind == "csv")
        #expect(p.features["amount"] == ColumnProfile(type: .numeric, count: 2, missing: 1, values: [1.5, 2]).ranged(1.5005, 1.9995))
        #expect(p.features["country"]?.categories == ["DE": 2, "F,R": 1])
        #expect(p.features["flag"]?.categories == ["true": 2, "false": 1])
        #expect(p.features.count == 3)
        #expect(p.baseline?.auc == 1)
    }

    @Test func regressionBaselineForNumericLabels() throws {
        let csv = "x,prediction,label\n1,10,12\n2,20,18\n"
        let b = try #require(try build(csv, file: "r.csv").baseline)
        #expect(b.mae == 2 && b.rmse == 2 && b.accuracy == nil)
    }

    @Test func subsamplesDeterministicallyBeyondMaxValues() throws {
        let lines = (0..<1000).map { "{\"model_id\":\"m\",\"features\":{\"x\":\($0)}}" }.joined(separator: "\n")
        let a = try build(lines, max: 100)
        let b = try build(lines, max: 100)
        let x = try #require(a.features["x"])
        #expect(x.values?.count == 100)
        #expect(x.sampledFrom == 1000)
        #expect(x.count == 1000)
        #expect(a == b)
        #expect(x.values != (0..<100).map(Double.init), "a reservoir, not the first 100")
        #expect(try build(lines).features["x"]?.sampledFrom == nil)
    }

    @Test func rejectsBadInputWithOneSentenceNamingFileAndLine() {
        #expect(error("{\"model_id\":\"m\",\"features\":{\"a\":1}}\n{\"model_id\":\"m\",\"features\":{\"a\":\"x\"}}")
            == "in.jsonl line 2: feature \"a\" is a string, but earlier rows made it numeric; a column must be numeric (numbers) or categorical (strings, bools) throughout.")
        #expect(error("{\"model_id\":\"m\",\"features\":{}}\n{\"model_id\":") == "in.jsonl line 2 is not valid JSON.")
        #expect(error("{\"model_id\":\"m\"}") == "in.jsonl line 1: \"features\" is missing or not an object.")
        #expect(error("{\"model_id\":\"m\",\"features\":{\"a\":[1]}}")
            == "in.jsonl line 1: feature \"a\" must be a number, string, bool or null.")
        #expect(error("{\"model_id\":\"m\",\"features\":{},\"score\":1.5}")
            == "in.jsonl line 1: \"score\" must be a number in [0, 1].")
        #expect(error("{\"model_id\":\"x\",\"features\":{}}")
            == "in.jsonl has no events of model \"m\" (1 events of other models).")
        #expect(error("   \n") == "in.jsonl is empty: expected JSON Lines events or CSV with a header.")
        #expect(error("a,b\n1,2\n3\n", file: "t.csv") == "t.csv line 3: 1 fields, but the header has 2.")
        #expect(error("a,a\n1,2\n", file: "t.csv") == "t.csv line 1: column \"a\" appears twice.")
        #expect(error("a,score\n1,2\n", file: "t.csv") == "t.csv line 2: \"score\" must be a number in [0, 1], got 2.")
        #expect(error("a,b\n1,\"2\n", file: "t.csv") == "t.csv line 2: a quoted field is never closed.")
        #expect(error("a,b\n", file: "t.csv") == "t.csv has a header but no rows.")
    }

    @Test func roundTripsThroughVersionedJSON() throws {
        let p = try build(Self.jsonl)
        let data = try p.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"format_version\" : 2"))
        #expect(text.contains("\"p0_1\" : 5.011"), "the valid range of format 2")
        #expect(text.contains("\"format\" : \"driftwatch.reference\""))
        #expect(text.contains("\"values\" : [10.5, 20, 5]"), "number arrays on one line")
        #expect(text.contains("\"DE\" : 2"))
        #expect(try ReferenceProfile.load(from: data, source: "ref.json") == p)
        #expect(try p.encoded() == data, "deterministic bytes")
    }

    @Test func roundTripsAwkwardNamesAndEmptyColumns() throws {
        let text = "{\"model_id\":\"m\",\"features\":{\"[1, 2]\":\"a \\\"[3]\\\" b\",\"e\":null,\"x\":-1.5e-7}}"
        let p = try build(text)
        #expect(p.features["[1, 2]"]?.categories == ["a \"[3]\" b": 1])
        #expect(p.features["e"]?.values == [])
        let data = try p.encoded()
        #expect(try ReferenceProfile.load(from: data, source: "ref.json") == p)
    }

    @Test func loadRejectsOtherVersionsAndCorruptFiles() throws {
        func loadError(_ text: String) -> String? {
            do {
                _ = try ReferenceProfile.load(from: Data(text.utf8), source: "ref.json")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(loadError("not json")?.hasPrefix("ref.json is not a driftwatch reference profile: it is not a JSON object; to profile training data") == true)
        #expect(loadError("{\"a\":1}")
            == "ref.json is not a driftwatch reference profile: \"format\" must be \"driftwatch.reference\" with a \"format_version\".")
        #expect(loadError("{\"format\":\"driftwatch.reference\",\"format_version\":3}")
            == "ref.json has reference format version 3, but this driftwatch reads versions 1 to 2; rebuild it with `driftwatch reference build`.")
        #expect(loadError("{\"format\":\"driftwatch.reference\",\"format_version\":1,\"model_id\":\"m\",\"sampling\":{\"max_values\":1,\"seed\":1}}")
            == "ref.json is corrupt: \"features\" is missing.")
        #expect(loadError("{\"format\":\"driftwatch.reference\",\"format_version\":1,\"model_id\":\"m\",\"sampling\":{\"max_values\":1,\"seed\":1},\"features\":{\"a\":{\"type\":\"numeric\",\"count\":1,\"missing\":0}}}")
            == "ref.json is corrupt: numeric feature \"a\" has no \"values\".")
        #expect(loadError("{\"format\":\"driftwatch.reference\",\"format_version\":1,\"model_id\":\"m\",\"sampling\":{\"max_values\":1,\"seed\":1},\"features\":{\"a\":{\"type\":\"numeric\",\"count\":\"x\",\"missing\":0}}}")
            == "ref.json is corrupt: \"features.a.count\" has the wrong type.")
    }

    @Test func preparesEveryColumnOnce() throws {
        let prepared = try build(Self.jsonl).prepared()
        guard case .numeric(let amount)? = prepared.features["amount"] else {
            Issue.record("amount should be numeric")
            return
        }
        #expect(amount.sorted == [5, 10.5, 20])
        #expect(amount.binEdges == psiBinEdges(sortedReference: [5, 10.5, 20]))
        guard case .categorical(let country)? = prepared.features["country"] else {
            Issue.record("country should be categorical")
            return
        }
        #expect(country.categories == ["DE", "FR"] && country.counts == [2, 1])
        #expect(prepared.prediction != nil && prepared.score != nil && prepared.label != nil)
    }
}
