@testable import DriftwatchKafka
import Testing

/// The rules behind "said once, repeated at most every N seconds, recovery said once", on a
/// fake clock (seconds as Double), and the parsing of librdkafka's failure texts.
@Suite struct BrokerOutageStateTests {
    typealias State = BrokerOutageState<Double>
    static func state(every seconds: Double = 30) -> State {
        State(repeatInterval: .seconds(seconds)) { from, to in .milliseconds(Int64((to - from) * 1_000)) }
    }

    @Test func aBrokerIsSaidDownOnceThenAtMostEveryIntervalThenBackOnce() {
        var state = Self.state()
        #expect(state.failed(broker: "b:9", reason: "connection refused", now: 0)
                == .unreachable(broker: "b:9", reason: "connection refused", repeats: 0))
        // 100 failed attempts within the interval: silent.
        for t in 1...100 { #expect(state.failed(broker: "b:9", reason: "connection refused", now: Double(t) * 0.29) == nil) }
        #expect(state.failed(broker: "b:9", reason: "connection refused", now: 30)
                == .unreachable(broker: "b:9", reason: "connection refused", repeats: 101))
        #expect(state.downFor("b:9", now: 42) == .seconds(42))
        #expect(state.reachable(broker: "b:9") == .recovered(broker: "b:9"))
        #expect(state.reachable(broker: "b:9") == nil, "a broker that is up recovers no more")
        #expect(state.downBrokers.isEmpty)
    }

    @Test func brokersAreTrackedApartAndAFlappingBrokerGetsOneLinePerInterval() {
        var state = Self.state(every: 10)
        #expect(state.failed(broker: "a:1", reason: "connection refused", now: 0) != nil)
        #expect(state.failed(broker: "c:3", reason: "disconnected", now: 1) != nil, "another broker has its own line")
        #expect(state.reachable(broker: "a:1") == .recovered(broker: "a:1"))
        // Down again 2 s after its line: recorded, not said (nor its recovery).
        #expect(state.failed(broker: "a:1", reason: "connection refused", now: 2) == nil)
        #expect(state.downBrokers == ["a:1", "c:3"])
        #expect(state.reachable(broker: "a:1") == nil)
        // Down again after the interval: said.
        #expect(state.failed(broker: "a:1", reason: "connection refused", now: 12)
                == .unreachable(broker: "a:1", reason: "connection refused", repeats: 0))
    }

    @Test(arguments: [
        ("[thrd:127.0.0.1:9/bootstrap]: 127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)",
         "127.0.0.1:9", "connection refused"),
        ("127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT, 60 identical error(s) suppressed)",
         "127.0.0.1:9", "connection refused"),
        ("kafka:9092/1: Disconnected (after 12034ms in state UP)", "kafka:9092", "disconnected"),
        ("[::1]:9092/bootstrap: Failed to resolve 'nohost:9092': Name or service not known (after 2ms in state CONNECT)",
         "[::1]:9092", "failed to resolve 'nohost:9092': Name or service not known"),
    ])
    func parsesLibrdkafkaFailures(_ text: String, _ broker: String, _ reason: String) throws {
        let parsed = try #require(State.parseFailure(text))
        #expect(parsed.broker == broker)
        #expect(parsed.reason == reason)
    }

    @Test func textsNamingNoBrokerAreNotParsed() {
        #expect(State.parseFailure("1/1 brokers are down") == nil)
        #expect(State.parseFailure("Local: Broker transport failure") == nil)
    }

    @Test func hostAndPortSplitForTheReachabilityProbe() {
        #expect(TCPReachability.split("127.0.0.1:9").map { [$0.host, $0.port] } == ["127.0.0.1", "9"])
        #expect(TCPReachability.split("[::1]:9092").map { [$0.host, $0.port] } == ["::1", "9092"])
        #expect(TCPReachability.split("kafka") == nil)
    }
}
