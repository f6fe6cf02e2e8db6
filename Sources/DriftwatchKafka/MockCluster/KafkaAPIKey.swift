/// Kafka protocol request types, for injecting errors into the mock cluster.
public enum KafkaAPIKey: Int16, Sendable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case initProducerID = 22
}

/// A Kafka protocol error code a broker can answer with.
public struct KafkaResponseError: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let unknownTopicOrPartition = KafkaResponseError(rawValue: 3)
    public static let leaderNotAvailable = KafkaResponseError(rawValue: 5)
    public static let notLeaderForPartition = KafkaResponseError(rawValue: 6)
    public static let requestTimedOut = KafkaResponseError(rawValue: 7)
    public static let coordinatorNotAvailable = KafkaResponseError(rawValue: 15)
    public static let notCoordinator = KafkaResponseError(rawValue: 16)
    public static let notEnoughReplicas = KafkaResponseError(rawValue: 19)
    public static let rebalanceInProgress = KafkaResponseError(rawValue: 27)
    public static let topicAuthorizationFailed = KafkaResponseError(rawValue: 29)
}
