import Foundation
import Logging
import Synchronization

/// The process's one record of unreachable brokers (`BrokerOutageState` under a lock), shared by
/// every client: the worker's consumer, producer and health probe all see the same broker fail,
/// and it is said once. While a broker is down a thread of its own asks every `probeInterval`
/// whether its port accepts a TCP connection again (librdkafka reports failures, never
/// recoveries, unless statistics are on); then it logs the recovery and stops.
///
/// Lines (swift-log, message first, then metadata):
/// - warning `broker 127.0.0.1:9 unreachable (connection refused); retrying`
/// - warning `broker 127.0.0.1:9 still unreachable after 30 s (connection refused); retrying`, at most every `repeatInterval`
/// - notice `broker 127.0.0.1:9 reachable again after 42 s`
/// each with `kafka.broker`, and `kafka.reason` / `kafka.down_seconds` / `kafka.failures`.
final class BrokerOutageLog: Sendable {
    static let shared = BrokerOutageLog(repeatInterval: .seconds(30), probeInterval: .seconds(1))

    private struct Guarded: ~Copyable {
        var state: BrokerOutageState<ContinuousClock.Instant>
        /// The logger of the client that reported each outage first (its recovery is logged there).
        var loggers: [String: Logger] = [:]
        var probing = false
    }

    private let guarded: Mutex<Guarded>
    private let probeInterval: Duration

    init(repeatInterval: Duration, probeInterval: Duration) {
        self.probeInterval = probeInterval
        guarded = Mutex(Guarded(state: BrokerOutageState(repeatInterval: repeatInterval) { $0.duration(to: $1) }))
    }

    /// A failure text from librdkafka (log line or error callback). Returns false when the text
    /// names no broker, so the caller logs it as it is.
    func report(failure text: String, logger: Logger) -> Bool {
        guard let (broker, reason) = BrokerOutageState<ContinuousClock.Instant>.parseFailure(text) else { return false }
        let now = ContinuousClock.now
        let (action, downFor, startProbe) = guarded.withLock { g -> (BrokerOutageState<ContinuousClock.Instant>.Action?, Duration?, Bool) in
            let action = g.state.failed(broker: broker, reason: reason, now: now)
            if g.loggers[broker] == nil { g.loggers[broker] = logger }
            let start = !g.probing
            g.probing = true
            return (action, g.state.downFor(broker, now: now), start)
        }
        if case .unreachable(_, _, let repeats)? = action {
            var metadata: Logger.Metadata = ["kafka.broker": "\(broker)", "kafka.reason": "\(reason)"]
            if repeats == 0 {
                logger.warning("broker \(broker) unreachable (\(reason)); retrying", metadata: metadata)
            } else {
                let seconds = Int((downFor ?? .zero).seconds)
                metadata["kafka.down_seconds"] = "\(seconds)"
                metadata["kafka.failures"] = "\(repeats)"
                logger.warning("broker \(broker) still unreachable after \(seconds) s (\(reason)); retrying", metadata: metadata)
            }
        }
        if startProbe { startProbing() }
        return true
    }

    /// Brokers currently recorded as down (tests).
    var downBrokers: [String] { guarded.withLock { $0.state.downBrokers } }

    /// One thread while anything is down: probes each down broker, logs recoveries, and ends
    /// when none is left.
    private func startProbing() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: probeInterval.seconds)
                let down = guarded.withLock { g -> [String] in
                    if g.state.downBrokers.isEmpty { g.probing = false }
                    return g.state.downBrokers
                }
                if down.isEmpty { return }
                for broker in down where TCPReachability.accepts(broker, timeout: .seconds(1)) {
                    recovered(broker)
                }
            }
        }
        thread.name = "driftwatch.kafka.broker-probe"
        thread.start()
    }

    private func recovered(_ broker: String) {
        let now = ContinuousClock.now
        let (downFor, action, logger) = guarded.withLock { g in
            let downFor = g.state.downFor(broker, now: now)
            return (downFor, g.state.reachable(broker: broker), g.loggers.removeValue(forKey: broker))
        }
        guard action != nil, let logger else { return }
        let seconds = Int((downFor ?? .zero).seconds)
        logger.notice("broker \(broker) reachable again after \(seconds) s", metadata: [
            "kafka.broker": "\(broker)", "kafka.down_seconds": "\(seconds)",
        ])
    }
}

extension Duration {
    /// Seconds as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
