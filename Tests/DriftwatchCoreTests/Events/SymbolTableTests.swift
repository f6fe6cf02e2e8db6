import Testing
@testable import DriftwatchCore

@Suite struct SymbolTableTests {
    @Test func internsBytesAndStrings() {
        let table = SymbolTable()
        let a = table.symbol(for: "amount")
        let b = table.symbol(for: "age")
        #expect(a != b)
        #expect(table.symbol(for: "amount") == a)
        let fromBytes = Array("amount".utf8).withUnsafeBytes { table.symbol(for: $0) }
        #expect(fromBytes == a)
        #expect(table.string(for: b) == "age")
        #expect(table.existingSymbol(for: "nope") == nil)
        #expect(table.existingSymbol(for: "age") == b)
        #expect(table.count == 2)
        let empty = table.symbol(for: "")
        #expect(table.string(for: empty) == "")
        #expect(table.symbol(for: "") == empty)
    }

    @Test func idsAreDenseAndSurviveGrowth() {
        let table = SymbolTable()
        let names = (0..<20_000).map { "name-\($0)-\(String(repeating: "x", count: $0 % 17))" }
        let symbols = names.map { table.symbol(for: $0) }
        #expect(symbols.map(\.id) == Array(0..<20_000).map(Int32.init))
        for (name, symbol) in zip(names, symbols) where symbol.id % 97 == 0 {
            #expect(table.symbol(for: name) == symbol)
            #expect(table.string(for: symbol) == name)
        }
        #expect(table.count == 20_000)
    }

    @Test func unicodeIsComparedByBytes() {
        let table = SymbolTable()
        let composed = table.symbol(for: "caf\u{E9}")
        let decomposed = table.symbol(for: "cafe\u{301}")
        #expect(composed != decomposed) // distinct JSON keys stay distinct
    }
}
