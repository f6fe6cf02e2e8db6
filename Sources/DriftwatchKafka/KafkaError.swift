import Crdkafka

/// An error from the Kafka layer: librdkafka's code and message, or a misuse of this API.
///
/// `code` groups errors by what a caller does about them; `rdKafkaCode` keeps librdkafka's exact
/// code (e.g. 3, "UNKNOWN_TOPIC_OR_PART") for logs and tests.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is (a struct over a private enum, so cases can be added).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: String, Sendable {
            case config, unknownTopic, timedOut, queueFull, closed, invalidArgument, state
            case fatal, transport, rdKafka
        }
        fileprivate let backing: Backing

        /// A configuration property or value librdkafka rejected.
        public static let config = Code(backing: .config)
        /// The topic or partition does not exist (and is not auto-created).
        public static let unknownTopic = Code(backing: .unknownTopic)
        /// An operation did not finish within its timeout.
        public static let timedOut = Code(backing: .timedOut)
        /// The producer queue is full.
        public static let queueFull = Code(backing: .queueFull)
        /// The client was already closed.
        public static let closed = Code(backing: .closed)
        /// An argument was invalid (e.g. an empty partition list).
        public static let invalidArgument = Code(backing: .invalidArgument)
        /// The call is not valid in the client's current state.
        public static let state = Code(backing: .state)
        /// A fatal client error: the client must be closed and recreated.
        public static let fatal = Code(backing: .fatal)
        /// Brokers unreachable or a connection failed.
        public static let transport = Code(backing: .transport)
        /// Any other librdkafka error; see `rdKafkaCode`.
        public static let rdKafka = Code(backing: .rdKafka)

        public var description: String { backing.rawValue }
    }

    public let code: Code
    /// librdkafka's `rd_kafka_resp_err_t`, when the error came from librdkafka.
    public let rdKafkaCode: RDKafkaCode?
    /// librdkafka's name for `rdKafkaCode`, e.g. "UNKNOWN_TOPIC_OR_PART".
    public var rdKafkaName: String? { rdKafkaCode?.name }
    public let isFatal: Bool
    public let isRetriable: Bool
    /// One sentence saying what went wrong.
    public let reason: String
    public let file: String
    public let line: UInt

    public init(
        code: Code, reason: String, rdKafkaCode: RDKafkaCode? = nil, isFatal: Bool = false,
        isRetriable: Bool = false, file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.reason = reason
        self.rdKafkaCode = rdKafkaCode
        self.isFatal = isFatal || code == .fatal
        self.isRetriable = isRetriable
        self.file = file
        self.line = line
    }

    public var description: String {
        if let rdKafkaName { return "\(reason) (\(rdKafkaName))" }
        return reason
    }
}

/// A librdkafka response code (`rd_kafka_resp_err_t`): negative values are client-side
/// (`_TIMED_OUT` is -185), positive ones broker error codes (`UNKNOWN_TOPIC_OR_PART` is 3).
public struct RDKafkaCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }
    init(_ err: rd_kafka_resp_err_t) { rawValue = err.rawValue }

    /// librdkafka's name, e.g. "UNKNOWN_TOPIC_OR_PART" or "_TIMED_OUT".
    public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue))) }
    public var description: String { "\(name) (\(rawValue))" }
}

extension KafkaError {
    /// An error from a librdkafka response code; `reason` defaults to librdkafka's own text.
    init(rdKafka err: rd_kafka_resp_err_t, reason: String? = nil, file: String = #fileID, line: UInt = #line) {
        let text = reason ?? String(cString: rd_kafka_err2str(err))
        self.init(
            code: Self.classify(err), reason: text, rdKafkaCode: RDKafkaCode(err),
            isFatal: err == RD_KAFKA_RESP_ERR__FATAL, isRetriable: Self.retriable(err),
            file: file, line: line
        )
    }

    /// An error from an `rd_kafka_error_t`, which it destroys.
    init(consuming error: OpaquePointer, file: String = #fileID, line: UInt = #line) {
        let err = rd_kafka_error_code(error)
        let text = String(cString: rd_kafka_error_string(error))
        self.init(
            code: Self.classify(err), reason: text, rdKafkaCode: RDKafkaCode(err),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.retriable(err),
            file: file, line: line
        )
        rd_kafka_error_destroy(error)
    }

    static func closed(_ what: String, file: String = #fileID, line: UInt = #line) -> KafkaError {
        KafkaError(code: .closed, reason: "The \(what) is already closed.", file: file, line: line)
    }

    private static func classify(_ err: rd_kafka_resp_err_t) -> Code {
        switch err {
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
             RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            return .unknownTopic
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
             RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return .timedOut
        case RD_KAFKA_RESP_ERR__QUEUE_FULL: return .queueFull
        case RD_KAFKA_RESP_ERR__INVALID_ARG: return .invalidArgument
        case RD_KAFKA_RESP_ERR__STATE: return .state
        case RD_KAFKA_RESP_ERR__FATAL: return .fatal
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
             RD_KAFKA_RESP_ERR__RESOLVE:
            return .transport
        case RD_KAFKA_RESP_ERR__DESTROY: return .closed
        default: return .rdKafka
        }
    }

    private static func retriable(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
             RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL,
             RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
             RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
             RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
             RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
             RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR__WAIT_COORD:
            return true
        default:
            return false
        }
    }
}
