#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a broker's port accepts TCP connections: how `BrokerOutageLog` notices that an
/// unreachable broker is back (librdkafka says nothing when a reconnect succeeds). A
/// non-blocking connect per resolved address, waited on with `poll` up to `timeout`.
enum TCPReachability {
    /// `broker` is `host:port`, `[v6]:port` or `v4:port`. Blocks up to `timeout` per address.
    static func accepts(_ broker: String, timeout: Duration) -> Bool {
        guard let (host, port) = split(broker) else { return false }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &list) == 0, let list else { return false }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let info = entry {
            if connects(info.pointee, timeoutMs: Int32(timeout.components.seconds * 1_000
                                                      + timeout.components.attoseconds / 1_000_000_000_000_000)) {
                return true
            }
            entry = info.pointee.ai_next
        }
        return false
    }

    /// ("127.0.0.1", "9") from "127.0.0.1:9"; ("::1", "9092") from "[::1]:9092".
    static func split(_ broker: String) -> (host: String, port: String)? {
        guard let colon = broker.lastIndex(of: ":") else { return nil }
        var host = broker[..<colon]
        let port = broker[broker.index(after: colon)...]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !port.isEmpty, port.allSatisfy(\.isNumber) else { return nil }
        return (String(host), String(port))
    }

    private static func connects(_ info: addrinfo, timeoutMs: Int32) -> Bool {
        let fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if connect(fd, info.ai_addr, info.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&waiting, 1, timeoutMs) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return false }
        return error == 0
    }
}
