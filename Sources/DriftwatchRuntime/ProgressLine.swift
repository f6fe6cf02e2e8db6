public import Foundation

/// One line of live progress (`replay` on stderr, `demo` on stdout), redrawn in place at most
/// ten times a second, and silent when disabled (the stream is not a terminal).
public final class ProgressLine {
    public let enabled: Bool
    private let handle: FileHandle
    private let started = ContinuousClock.now
    private var last = ContinuousClock.now - .seconds(1)

    public init(enabled: Bool, handle: FileHandle) {
        self.enabled = enabled
        self.handle = handle
    }

    /// Whether `descriptor` (`STDOUT_FILENO`, `STDERR_FILENO`) is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

    /// Seconds since this line was made (for rates).
    public var elapsedSeconds: Double { (ContinuousClock.now - started).seconds }

    /// Redraws the line with `text`, unless it was redrawn less than 100 ms ago (`force`: always).
    public func show(force: Bool = false, _ text: () -> String) {
        guard enabled, force || ContinuousClock.now - last > .milliseconds(100) else { return }
        last = ContinuousClock.now
        handle.write(Data(("\r" + text()).utf8))
    }

    /// Ends the line.
    public func finish() {
        guard enabled else { return }
        last = ContinuousClock.now - .seconds(1)
        handle.write(Data("\n".utf8))
    }
}
