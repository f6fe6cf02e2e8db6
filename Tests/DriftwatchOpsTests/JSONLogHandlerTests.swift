import DriftwatchOps
import Foundation
import Logging
import Synchronization
import Testing

/// Collects the lines a `LogLineSink` is given.
final class CollectedLines: Sendable {
    let lines = Mutex<[String]>([])
    var sink: LogLineSink {
        LogLineSink { [self] bytes in self.lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }
    var all: [String] { lines.withLock { $0 } }
}

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("one line per record: ts, level, msg, then the metadata as keys, all of it valid JSON")
    func fieldsAndEscaping() throws {
        let collected = CollectedLines()
        var logger = Logger(label: "test") { _ in JSONLogHandler(sink: collected.sink) }
        logger[metadataKey: "kafka.group.id"] = "driftwatch"
        logger.warning("dead_letter.published", metadata: [
            "dead_letter.reason": "bad \"quote\"\nnew line\t\u{1}",
            "trigger.reasons": .array(["drift", "quality"]),
            "nested": .dictionary(["b": "2", "a": "1"]),
            "kafka.partition": .stringConvertible(3),
        ])
        logger.debug("below the level: dropped")
        let lines = collected.all
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" }, "exactly one line")
        #expect(line.hasPrefix(#"{"ts":""#), "ts first: \(line)")
        let object = try Self.object(line)
        #expect(object["level"] as? String == "warning")
        #expect(object["msg"] as? String == "dead_letter.published")
        #expect(object["kafka.group.id"] as? String == "driftwatch")
        #expect(object["kafka.partition"] as? String == "3")
        #expect(object["dead_letter.reason"] as? String == "bad \"quote\"\nnew line\t\u{1}")
        #expect(object["trigger.reasons"] as? [String] == ["drift", "quality"])
        #expect((object["nested"] as? [String: String]) == ["a": "1", "b": "2"])
        #expect(object["source"] == nil, "our own modules are not repeated as a source")
        let ts = try #require(object["ts"] as? String)
        #expect(ts.count == 24 && ts.hasSuffix("Z"), "RFC 3339, UTC, milliseconds: \(ts)")
    }

    @Test("a foreign source (librdkafka's facility) is kept; metadata cannot overwrite ts, level or msg")
    func sourceAndReservedKeys() throws {
        let line = JSONLogHandler.line(
            epochMilliseconds: 1_764_777_600_123, level: .info, message: "hello",
            metadata: ["msg": "not the message", "zeta": "last", "alpha": "first"], source: "REQTMOUT")
        #expect(line == #"{"ts":"2025-12-03T16:00:00.123Z","level":"info","msg":"hello","source":"REQTMOUT","alpha":"first","zeta":"last"}"#)
    }

    @Test("lines from many threads never interleave")
    func concurrentLines() throws {
        let collected = CollectedLines()
        let logger = Logger(label: "test") { _ in JSONLogHandler(sink: collected.sink) }
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            logger.info("window.closed", metadata: ["window.index": "\(i)", "pad": "\(String(repeating: "x", count: i))"])
        }
        let lines = collected.all
        #expect(lines.count == 400)
        let indices = Set(try lines.map { try Self.object($0)["window.index"] as? String })
        #expect(indices.count == 400)
    }
}
