import ArgumentParser
import DriftwatchOps
import Logging

/// `run --log-format`: how log records reach stderr. JSON (the default) is one object per line
/// for log shippers (SPEC section 9); text is swift-log's `StreamLogHandler` for a terminal.
/// Start-up failures are not log records: they stay one plain sentence (`CommandSupport.printError`).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case json, text

    /// Bootstraps swift-log once per process (main only, never tests).
    func bootstrap() {
        switch self {
        case .json: LoggingSystem.bootstrap { JSONLogHandler.standardError(label: $0) }
        case .text: LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        }
    }
}
