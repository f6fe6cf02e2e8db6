import Testing
@testable import DriftwatchKafka

@Test func linksLibrdkafkaTwo() {
    #expect(librdkafkaVersion.hasPrefix("2."))
}
