/// How a consumer reads: which group, from where, and extra librdkafka properties.
///
/// Offsets are never committed or stored automatically (`enable.auto.commit` and
/// `enable.auto.offset.store` are always false): the layer above commits explicit offsets once
/// their results are durable.
public struct KafkaConsumerConfiguration: Sendable {
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "read_committed"
        case readUncommitted = "read_uncommitted"
    }

    public enum OffsetReset: String, Sendable {
        case earliest, latest, error
    }

    /// "host:port,host:port".
    public var bootstrapServers: String
    public var groupID: String
    public var isolationLevel: IsolationLevel = .readCommitted
    /// Where to start when the group has no committed offset for a partition.
    public var autoOffsetReset: OffsetReset = .earliest
    /// Whether subscribing to a missing topic creates it (broker permitting).
    public var allowAutoCreateTopics = false
    /// `eager` (range) or `cooperative-sticky` assignment; both drive the same rebalance events.
    public var partitionAssignmentStrategy = "range,roundrobin"
    public var clientID = "driftwatch"
    /// Whether messages carry their headers. Off, `KafkaMessage.headers` is always empty and
    /// librdkafka never parses them: a worker that ignores input headers reads faster.
    public var readHeaders = true
    /// Extra librdkafka properties; they override the fields above (except the two commit flags).
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String, groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    var rdKafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "group.id": groupID,
            "client.id": clientID,
            "isolation.level": isolationLevel.rawValue,
            "auto.offset.reset": autoOffsetReset.rawValue,
            "allow.auto.create.topics": allowAutoCreateTopics ? "true" : "false",
            "partition.assignment.strategy": partitionAssignmentStrategy,
        ]
        result.merge(properties) { _, new in new }
        result["enable.auto.commit"] = "false"
        result["enable.auto.offset.store"] = "false"
        return result
    }
}
