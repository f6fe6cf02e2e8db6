import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 GET over a blocking loopback socket, so the tests need no HTTP client package.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String
}

enum HTTPGetError: Error { case socket, connect(Int32), malformed(String) }

/// The blocking socket runs on its own thread: blocking a cooperative-pool thread (2 on this
/// machine) could starve the server's async handlers and deadlock the test.
func httpGet(port: Int, path: String, method: String = "GET") async throws -> HTTPReply {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try blockingGet(port: port, path: path, method: method) })
        }
        thread.start()
    }
}

private func blockingGet(port: Int, path: String, method: String) throws -> HTTPReply {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw HTTPGetError.socket }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw HTTPGetError.connect(errno) }
    let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var data = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    return try parseReply(data)
}

private func parseReply(_ data: [UInt8]) throws -> HTTPReply {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let split = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == separator }) else {
        throw HTTPGetError.malformed("no header end")
    }
    let head = String(decoding: data[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = head[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPGetError.malformed(head[0]) }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Array(data[(split + 4)...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
    return HTTPReply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
}

private func dechunk(_ bytes: [UInt8]) -> [UInt8] {
    var out = [UInt8](), i = 0
    while i < bytes.count {
        guard let lineEnd = (i..<max(i, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
        let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";")[0]
        guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
        let start = lineEnd + 2
        out.append(contentsOf: bytes[start..<min(bytes.count, start + size)])
        i = start + size + 2
    }
    return out
}
