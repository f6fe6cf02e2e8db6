public import DriftwatchCore
import Foundation
import Synchronization

/// `replay --html` and `demo --html`: the same report `/report` serves, built from the payloads
/// of the messages a finite run published, written once to a file.
public final class ReportFile: Sendable {
    private let state: Mutex<ReportState>

    /// - Parameter contexts: references and thresholds per model (`ReportModelContext.all(context)`).
    public init(contexts: [String: ReportModelContext] = [:]) {
        state = Mutex(ReportState(maxWindows: 48, maxNotices: 50, contexts: contexts))
    }

    public func ingest(_ payload: OutputPayload) {
        _ = state.withLock { $0.ingest(payload) }
    }

    /// Deterministic: the header shows `title` (naming the input) instead of the wall clock.
    public func write(to path: String, title: String) throws {
        let html = renderReportHTML(state.withLock { $0.snapshot(generatedAt: title) })
        guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else {
            throw ReportFileError(description: "cannot write the HTML report \(path).")
        }
    }
}

/// The report file could not be written: one sentence.
public struct ReportFileError: Error, CustomStringConvertible {
    public var description: String
}
