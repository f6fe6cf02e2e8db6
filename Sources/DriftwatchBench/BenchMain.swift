import ArgumentParser
import Dispatch
import Foundation

/// The entry point: synchronous, so that `driftwatch-bench replay` runs without starting Swift's
/// concurrency runtime (valgrind 3.19 crashes when it starts its first thread, see
/// `BenchReplayCommand`); every other command runs under the async root command as before.
@main
enum BenchMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == BenchReplayCommand.configuration.commandName {
            BenchReplayCommand.main(Array(arguments.dropFirst()))
            return
        }
        // As an async main does: the main queue keeps running (Foundation and the mock cluster
        // dispatch to it; blocking the main thread on a semaphore hung `pipeline` at its start).
        Task {
            await DriftwatchBench.main(arguments)
            exit(0)
        }
        dispatchMain()
    }
}
