/// Identifies the group of output messages whose acknowledgement releases input offsets:
/// the outputs of one closed window, or one dead-letter message. `processor` names the
/// partition processor that owns the group.
public struct AckToken: Hashable, Sendable {
    public var processor: Int32
    public var group: Int64

    public init(processor: Int32, group: Int64) {
        self.processor = processor
        self.group = group
    }
}

/// One message to publish (SPEC section 6): alerts, retrain triggers, window reports and
/// dead letters all travel through an `OutputSink` as these.
public struct OutputMessage: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [(name: String, value: [UInt8])]
    public var token: AckToken

    public init(
        topic: String, key: [UInt8]?, value: [UInt8], headers: [(name: String, value: [UInt8])] = [],
        token: AckToken
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.token = token
    }
}
