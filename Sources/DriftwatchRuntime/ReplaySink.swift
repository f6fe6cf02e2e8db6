public import DriftwatchCore

/// `replay`'s sink: each message becomes one JSON line `{"topic":T,"key":K,"value":V}` in
/// publication order, and is acknowledged at once (a written line is delivered). Outputs are
/// JSON and embedded as is; a dead letter's raw value becomes a string (invalid UTF-8 as
/// U+FFFD) and its headers are added as `"headers"`.
public final class ReplaySink: OutputSink {
    private let acks: AckQueue
    private let emit: ([UInt8]) throws -> Void
    private var line: [UInt8] = []
    public private(set) var written = 0
    /// Whether the internal messages between the stages (window summaries, model state) are
    /// written too; by default only what users consume (reports, alerts, triggers, dead letters).
    public let includeInternal: Bool

    /// `emit` receives each line including its trailing newline.
    public init(acks: AckQueue, includeInternal: Bool = false, emit: @escaping ([UInt8]) throws -> Void) {
        self.acks = acks
        self.includeInternal = includeInternal
        self.emit = emit
    }

    public func write(_ message: OutputMessage) throws {
        if message.payload.isInternal && !includeInternal {
            acks.acknowledged(message.token)
            return
        }
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: #"{"topic":"#.utf8)
        Self.appendString(message.topic, to: &line)
        line.append(contentsOf: #","key":"#.utf8)
        if let key = message.key {
            Self.appendString(String(decoding: key, as: UTF8.self), to: &line)
        } else {
            line.append(contentsOf: "null".utf8)
        }
        line.append(contentsOf: #","value":"#.utf8)
        if message.headers.isEmpty {
            line.append(contentsOf: message.value)
        } else {
            Self.appendString(String(decoding: message.value, as: UTF8.self), to: &line)
            line.append(contentsOf: #","headers":{"#.utf8)
            for (i, header) in message.headers.enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                Self.appendString(header.name, to: &line)
                line.append(UInt8(ascii: ":"))
                Self.appendString(String(decoding: header.value, as: UTF8.self), to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
        line.append(contentsOf: "}\n".utf8)
        try emit(line)
        written += 1
        acks.acknowledged(message.token)
    }

    public func flush(timeoutMs: Int) throws {}

    static func appendString(_ s: String, to out: inout [UInt8]) {
        var writer = JSONWriter(reservingCapacity: s.utf8.count + 2)
        writer.write(string: s)
        out.append(contentsOf: writer.bytes)
    }
}
