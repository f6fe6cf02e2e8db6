import Glibc

/// Loopback ports for connection tests: one nobody listens on, and a listener on it later.
public enum LoopbackPort {
    public struct Failure: Error { public var call: String; public var code: Int32 }

    /// A port the kernel just handed out and that is closed again (connections are refused).
    public static func closed() throws -> Int {
        let fd = try bound(0)
        defer { close(fd) }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Failure(call: "getsockname", code: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Listens on `port` (accepting nothing: the kernel completes handshakes into the backlog).
    public static func listen(_ port: Int) throws -> Int32 {
        let fd = try bound(port)
        guard Glibc.listen(fd, 16) == 0 else { close(fd); throw Failure(call: "listen", code: errno) }
        return fd
    }

    private static func bound(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure(call: "bind", code: errno) }
        return fd
    }
}
