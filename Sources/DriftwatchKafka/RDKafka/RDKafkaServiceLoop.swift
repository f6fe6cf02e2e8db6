import Crdkafka
import Foundation
import Synchronization

/// A dedicated thread that polls a client's main queue (delivery reports, logs, errors) until
/// stopped. It holds the client, so the client outlives the loop.
final class RDKafkaServiceLoop: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)
    private let client: RDKafkaClient

    init(client: RDKafkaClient, name: String) {
        self.client = client
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                client.withHandle { _ = rd_kafka_poll($0, 100) }
            }
            finished.withLock { $0 = true }
        }
        thread.name = name
        thread.start()
    }

    /// Asks the thread to stop and waits (up to about a second) until it has.
    func stop() {
        stopped.store(true, ordering: .releasing)
        for _ in 0..<200 {
            if finished.withLock({ $0 }) { return }
            usleep(5_000)
        }
    }
}
