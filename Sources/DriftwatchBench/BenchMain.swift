import ArgumentParser
import Dispatch

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
        let done = DispatchSemaphore(value: 0)
        Task {
            await DriftwatchBench.main(arguments)
            done.signal()
        }
        done.wait()
    }
}
