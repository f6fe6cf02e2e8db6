import Testing
@testable import driftwatch

@Suite struct KafkaCommandTests {
    @Test func mockClusterParsesTopicSpecs() throws {
        let command = try MockClusterCommand.parse(["--brokers", "2", "--topic", "predictions:4", "--topic", "alerts:1"])
        #expect(command.brokers == 2)
        #expect(command.topics.map(\.name) == ["predictions", "alerts"])
        #expect(command.topics.map(\.partitions) == [4, 1])
        #expect(TopicSpec(argument: "bad") == nil)
        #expect(TopicSpec(argument: "t:0") == nil)
        #expect(TopicSpec(argument: ":3") == nil)
    }

    @Test func produceSyntheticValidatesItsOptions() throws {
        let command = try ProduceSyntheticCommand.parse(
            ["--brokers", "127.0.0.1:9092", "--topic", "p", "--events", "10", "--drift-at", "5", "--seed", "9"])
        #expect(command.events == 10 && command.driftAt == 5 && command.seed == 9 && command.rate == 0)
        #expect(throws: (any Error).self) {
            _ = try ProduceSyntheticCommand.parse(["--brokers", "b", "--topic", "p", "--events", "-1"])
        }
    }
}
