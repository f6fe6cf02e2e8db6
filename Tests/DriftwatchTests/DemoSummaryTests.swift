import DriftwatchCore
@testable import driftwatch
import Testing

/// `driftwatch demo` prints its alerts and triggers as aligned columns.
@Suite struct DemoSummaryTests {
    static let alerts: [[UInt8]] = [
        #"{"severity":"warning","type":"feature_drift","window":{"topic":"predictions","partition":null,"index":3,"partitions":[{"partition":0},{"partition":1}]},"summary":"2 features drifted"}"#,
        #"{"severity":"critical","type":"performance_degradation","window":{"topic":"predictions","partition":1,"start_offset":0,"end_offset":9999},"summary":"AUC fell"}"#,
        #"{"severity":"warning","type":"latency","window":{"topic":"predictions","partition":null,"index":12,"partitions":[{"partition":0},{"partition":1},{"partition":2}]},"summary":"p99 latency 310 ms"}"#,
    ].map { Array($0.utf8) }

    /// Where each column starts, found from the known cell texts.
    static func starts(_ line: String, _ cells: [String]) -> [Int] {
        var from = line.startIndex
        return cells.map { cell in
            let range = line.range(of: cell, range: from..<line.endIndex)!
            from = range.upperBound
            return line.distance(from: line.startIndex, to: range.lowerBound)
        }
    }

    @Test func alertColumnsLineUp() {
        let rows = Self.alerts.map(DemoSummary.alertRow)
        let lines = DemoSummary.table(rows)
        #expect(lines.count == 3)
        let starts = zip(lines, rows).map { Self.starts($0, $1) }
        #expect(Set(starts).count == 1, "columns start at the same place on every line: \(starts)\n\(lines.joined(separator: "\n"))")
        #expect(starts[0] == [0, 10, 35, 83])
        #expect(lines[2] == "WARNING   latency                  predictions model window 12 (partitions 0,1,2)  p99 latency 310 ms")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func triggerColumnsLineUpAndUnparsableRowsStayWhole() {
        let triggers: [[UInt8]] = [
            Array(#"{"urgency":"scheduled","window":{"topic":"predictions","partition":0,"start_offset":0,"end_offset":999},"reasons":["dataset drift"],"trigger_id":"t1"}"#.utf8),
            Array(#"{"urgency":"rollback","window":{"topic":"predictions","partition":null,"index":4,"partitions":[{"partition":1}]},"reasons":["accuracy fell 20%","drift"],"trigger_id":"t2"}"#.utf8),
            Array("not json".utf8),
        ]
        let rows = triggers.map(DemoSummary.triggerRow)
        let lines = DemoSummary.table(rows)
        #expect(Self.starts(lines[0], rows[0]) == Self.starts(lines[1], rows[1]))
        #expect(lines[2] == "not json")
        #expect(lines[0].hasSuffix("(trigger_id t1)") && lines[1].hasSuffix("(trigger_id t2)"))
    }

    @Test func emptyTableIsEmpty() {
        #expect(DemoSummary.table([]).isEmpty)
    }
}
