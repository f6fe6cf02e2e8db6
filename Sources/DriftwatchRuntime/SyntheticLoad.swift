public import DriftwatchCore
public import DriftwatchKafka
public import Logging

/// Produces synthetic prediction events (keyed by event id) to a topic, optionally paced so
/// that no more than `maxBacklog` events wait unconsumed (the mock cluster deletes the oldest
/// 5 MiB of a partition, so a consumer must never fall that far behind).
public struct SyntheticLoad {
    public var brokers: String
    public var topic: String
    public var traffic: SyntheticTraffic
    public var properties: [String: String] = [:]

    public init(brokers: String, topic: String, traffic: SyntheticTraffic) {
        self.brokers = brokers
        self.topic = topic
        self.traffic = traffic
    }

    /// Produces events `range`; `consumed()` tells how many the worker has taken so far
    /// (nil: unpaced); `progress` is called now and then with the number produced.
    public func produce(
        _ range: Range<Int>, maxBacklog: Int? = nil, consumed: (() -> Int)? = nil,
        progress: ((Int) -> Void)? = nil, logger: Logger
    ) throws {
        var config = KafkaProducerConfiguration(bootstrapServers: brokers)
        config.linger = .milliseconds(20)
        config.properties = properties
        let producer = try KafkaProducer.make(configuration: config, logger: logger) { _ in }
        var produced = 0
        for i in range {
            if let maxBacklog, let consumed, produced % 500 == 0 {
                while produced - consumed() > maxBacklog {
                    _ = try? producer.flush(timeout: .milliseconds(2))
                }
            }
            let value = traffic.event(at: i)
            let key = traffic.key(at: i)
            try value.withUnsafeBytes { v in
                try key.withUnsafeBytes { k in
                    try producer.send(topic: topic, key: k, value: v)
                }
            }
            produced += 1
            if produced % 5_000 == 0 { progress?(produced) }
        }
        try producer.close(timeout: .seconds(60))
        progress?(produced)
    }
}
