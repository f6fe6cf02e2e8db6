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

    /// Packs a token into the 64-bit opaque of a Kafka delivery report: the processor in the
    /// top 24 bits (two's complement), the group in the low 40.
    public static func pack(_ token: AckToken) -> UInt64 {
        UInt64(UInt32(bitPattern: token.processor)) << 40 | (UInt64(token.group) & 0xFF_FFFF_FFFF)
    }

    /// The processor is sign-extended from its 24 bits: the model stage's tokens carry negative
    /// processor numbers (`-1 - summaries partition`), which a logical shift turned into
    /// 16,777,215, so their delivery reports never reached the model stage, no state record
    /// was ever sent and the summaries offset was never committed (found by ChaosKillTests).
    public static func unpack(_ value: UInt64) -> AckToken {
        AckToken(processor: Int32(truncatingIfNeeded: Int64(bitPattern: value) >> 40),
                 group: Int64(value & 0xFF_FFFF_FFFF))
    }
}
