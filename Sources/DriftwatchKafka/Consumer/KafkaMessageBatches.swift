import Dispatch

extension KafkaConsumer {
    /// The consumer's messages as an `AsyncSequence` of non-empty batches. Each `next()` polls on
    /// the consumer's own dispatch queue (never blocking the cooperative pool); librdkafka's
    /// prefetch limits are the back-pressure. The sequence ends when the consumer is closed or
    /// the task is cancelled, and throws the errors `poll` throws.
    public func batches(maxMessages: Int = 1_000, pollTimeout: Duration = .milliseconds(100)) -> KafkaMessageBatches {
        KafkaMessageBatches(consumer: self, maxMessages: maxMessages, pollTimeout: pollTimeout)
    }
}

public struct KafkaMessageBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]

    let consumer: KafkaConsumer
    let maxMessages: Int
    let pollTimeout: Duration

    public func makeAsyncIterator() -> Iterator {
        Iterator(consumer: consumer, maxMessages: maxMessages, pollTimeout: pollTimeout)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        let maxMessages: Int
        let pollTimeout: Duration

        public mutating func next() async throws -> [KafkaMessage]? {
            while !Task.isCancelled {
                let batch = try await pollOnce()
                guard let batch else { return nil }
                if !batch.isEmpty { return batch }
            }
            return nil
        }

        /// One poll on the consumer's queue; nil once the consumer is closed.
        private func pollOnce() async throws -> [KafkaMessage]? {
            let consumer = consumer
            let maxMessages = maxMessages
            let pollTimeout = pollTimeout
            return try await withCheckedThrowingContinuation { continuation in
                consumer.pollQueue.async {
                    do {
                        continuation.resume(returning: try consumer.poll(maxMessages: maxMessages, timeout: pollTimeout))
                    } catch let error as KafkaError where error.code == .closed {
                        continuation.resume(returning: nil)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
