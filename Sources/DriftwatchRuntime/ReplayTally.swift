public import DriftwatchCore
import Synchronization

/// What a replay published, for its closing summary line: alerts by type, triggers by urgency,
/// and the input line of every dead letter (line i of the input is partition i mod N at offset
/// i / N, so a dead letter's source partition and offset give its line back).
public final class ReplayTally: Sendable {
    private struct Counts {
        var alerts: [AlertType: Int] = [:]
        var triggers: [RetrainUrgency: Int] = [:]
        var deadLines: [InputSource: [Int64]] = [:]
    }

    private let counts = Mutex(Counts())
    private let partitions: Int64

    /// How many dead-letter line numbers the summary names before it says "and N more".
    public static let linesShown = 10

    public init(partitions: Int32) {
        self.partitions = Int64(max(1, partitions))
    }

    /// Counts one published output (give it to an `ObservedSink`).
    public func observe(_ message: OutputMessage) {
        switch message.payload {
        case .alert(let alert): counts.withLock { $0.alerts[alert.type, default: 0] += 1 }
        case .trigger(let trigger): counts.withLock { $0.triggers[trigger.urgency, default: 0] += 1 }
        case .deadLetter(let letter):
            let line = letter.sourceOffset * partitions + Int64(letter.sourcePartition) + 1
            counts.withLock { $0.deadLines[letter.source, default: []].append(line) }
        case .report, .summary, .state: break
        }
    }

    /// The summary line (without the tool's name), e.g. `23000 events, 0 labels, 1 dead-lettered
    /// (line 101), 3 partition windows, 3 model windows, 6 alerts (feature_drift 3,
    /// prediction_drift 2, label_drift 1), 1 retrain triggers (scheduled 1)`.
    public func summary(_ c: ProcessorCounters, _ m: ModelStageDriver.Counters) -> String {
        let counts = counts.withLock { $0 }
        var dead = "\(c.deadLettered) dead-lettered"
        let where_ = [(InputSource.predictions, "line"), (.labels, "labels line")].compactMap { source, word in
            Self.lines(counts.deadLines[source] ?? [], word: word)
        }
        if !where_.isEmpty { dead += " (\(where_.joined(separator: "; ")))" }
        let alerts = AlertType.allCases.compactMap { t in counts.alerts[t].map { "\(t.rawValue) \($0)" } }
        let triggers = RetrainUrgency.allCases.compactMap { u in counts.triggers[u].map { "\(u.rawValue) \($0)" } }
        return """
            \(c.events) events, \(c.labels) labels, \(dead), \(c.windowsClosed) partition windows, \
            \(m.modelWindows) model windows, \(m.alerts) alerts\(Self.parenthesised(alerts)), \
            \(m.triggers) retrain triggers\(Self.parenthesised(triggers))
            """
    }

    private static func parenthesised(_ parts: [String]) -> String {
        parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// "line 7", "lines 7, 9 and 12", "lines 1, 2, … 10 and 5 more".
    static func lines(_ numbers: [Int64], word: String) -> String? {
        guard !numbers.isEmpty else { return nil }
        let sorted = numbers.sorted()
        if sorted.count == 1 { return "\(word) \(sorted[0])" }
        let shown = sorted.prefix(linesShown).map(String.init)
        let more = sorted.count - shown.count
        if more > 0 { return "\(word)s \(shown.joined(separator: ", ")) and \(more) more" }
        return "\(word)s \(shown.dropLast().joined(separator: ", ")) and \(shown.last!)"
    }
}
