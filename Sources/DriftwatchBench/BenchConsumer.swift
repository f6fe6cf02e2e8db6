import DriftwatchKafka
import DriftwatchRuntime
import Foundation
import Logging
import Synchronization

final class ResultBox<Value: Sendable>: Sendable {
    let value = Mutex<Result<Value, any Error>?>(nil)
}

/// The two timed readers of `bench-consume`.
enum BenchConsumer {
    /// Runs `body` on a dedicated thread (as a worker would poll) and waits for it.
    static func onThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) throws -> Result {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Result>()
        let thread = Thread {
            box.value.withLock { $0 = Swift.Result { try body() } }
            done.signal()
        }
        thread.start()
        done.wait()
        return try box.value.withLock { $0! }.get()
    }

    /// Reads every event with our consumer from a fresh handle (no group join: `assign`), touching
    /// each value. Returns the seconds from creating the consumer to closing it, and the bytes read.
    static func readAll(
        bootstrap: String, topic: String, partitions: Int, events: Int, batchSize: Int,
        readHeaders: Bool, properties: [String: String], logger: Logger
    ) throws -> (Double, Int) {
        let start = ContinuousClock.now
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrap, groupID: "bench-\(UUID().uuidString)")
        configuration.properties = properties
        configuration.readHeaders = readHeaders
        let consumer = try KafkaConsumer.make(configuration: configuration, logger: logger)
        try consumer.assign((0..<Int32(partitions)).map {
            KafkaTopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning)
        })
        var count = 0
        var bytes = 0
        var checksum: UInt8 = 0
        while count < events {
            let batch = try consumer.poll(maxMessages: batchSize, timeout: .milliseconds(100))
            count += batch.count
            for message in batch {
                bytes += message.valueSize
                checksum &+= message.withUnsafeValue { $0.last ?? 0 }
            }
        }
        try consumer.close()
        let seconds = (ContinuousClock.now - start).seconds
        guard count == events, checksum == UInt8(truncatingIfNeeded: events * 125) else {
            throw CommandFailure("Our consumer read \(count) events, expected \(events)")
        }
        return (seconds, bytes)
    }

    /// `kcat -C -b <bootstrap> -t <topic> -e -q -o beginning` with the same `-X` properties,
    /// output to /dev/null. Returns the seconds from launch to exit.
    static func runKcat(_ kcat: String, bootstrap: String, topic: String, properties: [String: String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [kcat, "-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-o", "beginning"]
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            arguments += ["-X", "\(key)=\(value)"]
        }
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - start).seconds
        guard process.terminationStatus == 0 else {
            throw CommandFailure("kcat exited with status \(process.terminationStatus)")
        }
        return seconds
    }
}

