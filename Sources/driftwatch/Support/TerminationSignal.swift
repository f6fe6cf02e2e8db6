import Dispatch
import Foundation
import Synchronization

/// Waits until the process receives SIGINT or SIGTERM (whichever comes first).
func waitForTerminationSignal() async {
    let queue = DispatchQueue(label: "driftwatch.signals")
    let pending = Mutex<CheckedContinuation<Void, Never>?>(nil)
    var sources: [any DispatchSourceSignal] = []
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        pending.withLock { $0 = continuation }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // delivered to the dispatch source instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                pending.withLock { waiting in
                    waiting?.resume()
                    waiting = nil
                }
            }
            source.resume()
            sources.append(source)
        }
    }
    for source in sources { source.cancel() }
}
