import Testing
@testable import driftwatch

@Test func rootCommandIsNamedDriftwatch() {
    #expect(Driftwatch.configuration.commandName == "driftwatch")
}
