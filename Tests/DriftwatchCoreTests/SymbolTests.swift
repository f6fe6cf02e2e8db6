import Testing
@testable import DriftwatchCore

@Test func symbolsOrderById() {
    #expect(Symbol(id: 1) < Symbol(id: 2))
    #expect(!(Symbol(id: 2) < Symbol(id: 2)))
}
