public import DriftwatchCore
import Synchronization

/// Where the pipeline's output messages go: the Kafka producer for `run`, a JSON Lines file for
/// `replay`. Both report each message's delivery to the same `AckQueue`, so the offset ledger
/// works the same way for both.
public protocol OutputSink: AnyObject {
    /// Hands a message over; its delivery is reported to the sink's `AckQueue` (at once or later).
    func write(_ message: OutputMessage) throws
    /// Waits until every message written has a delivery report, up to `timeoutMs`.
    func flush(timeoutMs: Int) throws
}

/// Delivery reports travelling from the sink (any thread) to the pipeline's thread.
public final class AckQueue: Sendable {
    private let state = Mutex<(acked: [AckToken], failed: [AckToken])>(([], []))

    public init() {}

    public func acknowledged(_ token: AckToken) {
        state.withLock { $0.acked.append(token) }
    }

    public func failed(_ token: AckToken) {
        state.withLock { $0.failed.append(token) }
    }

    /// Takes every report received so far.
    public func drain() -> (acked: [AckToken], failed: [AckToken]) {
        state.withLock { s in
            defer { s.acked.removeAll(keepingCapacity: true); s.failed.removeAll(keepingCapacity: true) }
            return (s.acked, s.failed)
        }
    }

    /// Packs a token into the 64-bit opaque of a Kafka delivery report.
    public static func pack(_ token: AckToken) -> UInt64 {
        UInt64(UInt32(bitPattern: token.processor)) << 40 | (UInt64(token.group) & 0xFF_FFFF_FFFF)
    }

    public static func unpack(_ value: UInt64) -> AckToken {
        AckToken(processor: Int32(bitPattern: UInt32(truncatingIfNeeded: value >> 40)),
                 group: Int64(value & 0xFF_FFFF_FFFF))
    }
}
