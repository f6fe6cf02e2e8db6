import Foundation

/// Decides which broker connection failures deserve a log line, so an unreachable broker is
/// said once in our words ("broker 127.0.0.1:9 unreachable (connection refused); retrying"),
/// repeated at most every `repeatInterval` while it stays down, and followed by one line when it
/// answers again. Pure (no clock, no I/O): `BrokerOutageLog` feeds it librdkafka's reports and
/// the reachability probe's answers with the time.
///
/// Without it every failed connect attempt became two raw lines (librdkafka's `FAIL` log and its
/// error callback), from each of the worker's clients.
struct BrokerOutageState<Instant: Comparable & Sendable>: Sendable {
    struct Outage: Sendable {
        var since: Instant
        var lastLogged: Instant
        var reason: String
        /// Failures reported since the last line.
        var unlogged = 0
        /// Whether a line said this outage began (not when it began within `repeatInterval` of
        /// the previous outage's line: a flapping broker gets at most one line per interval).
        var announced = true
    }

    enum Action: Equatable, Sendable {
        /// First failure of a broker that was up: `repeats` is 0. While down, every interval:
        /// `repeats` counts the failures since the last line.
        case unreachable(broker: String, reason: String, repeats: Int)
        /// The broker answered again after an outage that was logged.
        case recovered(broker: String)
    }

    private(set) var outages: [String: Outage] = [:]
    /// When the last "unreachable" line of each broker was logged (kept across recoveries).
    private var lastLine: [String: Instant] = [:]
    let repeatInterval: Duration
    let elapsed: @Sendable (Instant, Instant) -> Duration

    init(repeatInterval: Duration, elapsed: @escaping @Sendable (_ from: Instant, _ to: Instant) -> Duration) {
        self.repeatInterval = repeatInterval
        self.elapsed = elapsed
    }

    var downBrokers: [String] { outages.keys.sorted() }

    /// How long `broker` has been down at `now` (nil when it is not).
    func downFor(_ broker: String, now: Instant) -> Duration? {
        outages[broker].map { elapsed($0.since, now) }
    }

    /// librdkafka reported a failed connection to `broker`.
    mutating func failed(broker: String, reason: String, now: Instant) -> Action? {
        guard var outage = outages[broker] else {
            if let last = lastLine[broker], elapsed(last, now) < repeatInterval {
                outages[broker] = Outage(since: now, lastLogged: last, reason: reason, unlogged: 1, announced: false)
                return nil
            }
            outages[broker] = Outage(since: now, lastLogged: now, reason: reason)
            lastLine[broker] = now
            return .unreachable(broker: broker, reason: reason, repeats: 0)
        }
        outage.unlogged += 1
        outage.reason = reason
        if elapsed(outage.lastLogged, now) >= repeatInterval {
            let repeats = outage.unlogged
            outage.lastLogged = now
            outage.unlogged = 0
            outage.announced = true
            outages[broker] = outage
            lastLine[broker] = now
            return .unreachable(broker: broker, reason: reason, repeats: repeats)
        }
        outages[broker] = outage
        return nil
    }

    /// `broker` answered. A line only if a line said it was down.
    mutating func reachable(broker: String) -> Action? {
        guard let outage = outages.removeValue(forKey: broker), outage.announced else { return nil }
        return .recovered(broker: broker)
    }
}

extension BrokerOutageState {
    /// The broker (`host:port`) and the reason of a librdkafka connection failure, from the text
    /// of its `FAIL` log line or error callback, or nil when the text names no broker (such as
    /// "1/1 brokers are down"):
    ///
    ///     [thrd:127.0.0.1:9/bootstrap]: 127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed:
    ///     Connection refused (after 0ms in state CONNECT, 1 identical error(s) suppressed)
    ///
    /// becomes ("127.0.0.1:9", "connection refused").
    static func parseFailure(_ text: String) -> (broker: String, reason: String)? {
        var rest = Substring(text)
        if rest.hasPrefix("[thrd:"), let end = rest.range(of: "]: ") { rest = rest[end.upperBound...] }
        // "<host:port>/<id or bootstrap>: <what happened>"
        guard let slash = rest.firstIndex(of: "/"), let colon = rest[slash...].range(of: ": ") else { return nil }
        let broker = rest[..<slash]
        guard broker.contains(":"), !broker.contains(" ") else { return nil }
        var reason = rest[colon.upperBound...]
        if let after = reason.range(of: " (after ", options: .backwards) { reason = reason[..<after.lowerBound] }
        if let failed = reason.range(of: " failed: ") { reason = reason[failed.upperBound...] }
        let trimmed = reason.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return (String(broker), "connection failed") }
        return (String(broker), first.lowercased() + trimmed.dropFirst())
    }
}
