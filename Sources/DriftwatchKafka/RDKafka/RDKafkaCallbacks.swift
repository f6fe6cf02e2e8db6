import Foundation
import Crdkafka
import Logging
import Synchronization

/// What a consumer's rebalance tells the layer above, synchronously on the polling thread.
public enum KafkaRebalanceEvent: Sendable, Equatable {
    /// These partitions are now ours; messages for them follow.
    case assigned([KafkaTopicPartition])
    /// These partitions are being taken away. The handler runs BEFORE they are unassigned: commit
    /// acknowledged offsets for them now (`KafkaConsumer.commitSync(_:)` works inside the handler).
    case revoked([KafkaTopicPartition])
    /// These partitions were lost (session timeout); another member may already own them, so
    /// commits for them will fail. Drop their state.
    case lost([KafkaTopicPartition])
}

public typealias KafkaRebalanceHandler = @Sendable (KafkaRebalanceEvent) -> Void

/// Swift state reached from librdkafka's C callbacks through the client's opaque pointer.
/// The client owns it, so it outlives every callback.
final class RDKafkaCallbacks: Sendable {
    let logger: Logger
    let delivery: (@Sendable (KafkaDeliveryReport) -> Void)?
    let rebalance = Mutex<KafkaRebalanceHandler?>(nil)
    /// The first fatal error reported by librdkafka's error callback.
    let fatalError = Mutex<KafkaError?>(nil)
    /// Counts rebalance callbacks, so a poll can tell that one ran during it.
    let rebalanceCount = Atomic<Int>(0)
    /// Set while the consumer closes: the rebalance callback must not yield then.
    let closing = Atomic<Bool>(false)
    /// Connection failures go here, to be said once per broker for the whole process.
    let outages = BrokerOutageLog.shared
    /// The latest numbers of librdkafka's statistics (`KafkaClientStatistics`), if enabled.
    let statistics = Mutex<KafkaClientStatistics?>(nil)

    init(logger: Logger, delivery: (@Sendable (KafkaDeliveryReport) -> Void)? = nil) {
        self.logger = logger
        self.delivery = delivery
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbacks? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// Installs the C callbacks this object serves on `conf`.
    func install(on conf: OpaquePointer, consumer: Bool) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback)
        // Called only when `statistics.interval.ms` is set (the worker sets it; off by default).
        rd_kafka_conf_set_stats_cb(conf, rdKafkaStatsCallback)
        if consumer {
            rd_kafka_conf_set_rebalance_cb(conf, rdKafkaRebalanceCallback)
            rd_kafka_conf_set_offset_commit_cb(conf, rdKafkaOffsetCommitCallback)
        }
        if delivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryCallback)
        }
    }
}

/// librdkafka's syslog levels to swift-log (errors as warnings: a library logs at warning or
/// below unless the client is lost, see the fatal error callback); the facility becomes `source`.
private func rdKafkaLogCallback(
    _ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?,
    _ buffer: UnsafePointer<CChar>?
) {
    guard let callbacks = RDKafkaCallbacks.from(rd_kafka_opaque(rk)), let buffer else { return }
    let swiftLevel: Logger.Level
    switch level {
    case ...4: swiftLevel = .warning
    case 5, 6: swiftLevel = .info
    default: swiftLevel = .debug
    }
    let source = facility.map { String(cString: $0) } ?? "rdkafka"
    let text = String(cString: buffer)
    // A broker connection failure (also reported to the error callback): said once, in our words.
    if source == "FAIL" && callbacks.outages.report(failure: text, logger: callbacks.logger) { return }
    // "[thrd:main]: GroupCoordinator/1: …": the thread goes to metadata, the message keeps the rest.
    if text.hasPrefix("[thrd:"), let end = text.range(of: "]: ") {
        let thread = text[text.index(text.startIndex, offsetBy: 6)..<end.lowerBound]
        callbacks.logger.log(level: swiftLevel, "\(text[end.upperBound...])", metadata: ["kafka.thread": "\(thread)"], source: source)
        return
    }
    callbacks.logger.log(level: swiftLevel, "\(text)", source: source)
}

private func rdKafkaErrorCallback(
    _ rk: OpaquePointer?, _ err: Int32, _ reason: UnsafePointer<CChar>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    let code = rd_kafka_resp_err_t(err)
    let text = reason.map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(code))
    if code == RD_KAFKA_RESP_ERR__FATAL {
        var buffer = [CChar](repeating: 0, count: 512)
        let original = rd_kafka_fatal_error(rk, &buffer, buffer.count)
        let error = KafkaError(code: .fatal, reason: String(cBuffer: buffer), rdKafkaCode: RDKafkaCode(original), isFatal: true)
        callbacks.fatalError.withLock { if $0 == nil { $0 = error } }
        callbacks.logger.error("kafka.fatal", metadata: ["kafka.error": "\(error)"])
    } else if code.isBrokerConnectivity {
        // Retried by librdkafka itself; said once per broker (see `BrokerOutageLog`). "1/1
        // brokers are down" repeats what the per-broker lines said; a text naming no broker
        // stays a warning.
        let metadata: Logger.Metadata = ["kafka.error": "\(text)", "kafka.code": "\(String(cString: rd_kafka_err2name(code)))"]
        if code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            callbacks.logger.debug("kafka.error", metadata: metadata)
        } else if !callbacks.outages.report(failure: text, logger: callbacks.logger) {
            callbacks.logger.warning("kafka.error", metadata: metadata)
        }
    } else {
        callbacks.logger.warning(
            "kafka.error",
            metadata: ["kafka.error": "\(text)", "kafka.code": "\(String(cString: rd_kafka_err2name(code)))"]
        )
    }
}

private func rdKafkaOffsetCommitCallback(
    _ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
    _ offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET,
          let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.logger.warning(
        "kafka.commit.failed",
        metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(err)))"]
    )
}

extension rd_kafka_resp_err_t {
    /// Errors that mean "a broker cannot be reached right now": librdkafka reconnects on its own.
    var isBrokerConnectivity: Bool {
        self == RD_KAFKA_RESP_ERR__TRANSPORT || self == RD_KAFKA_RESP_ERR__RESOLVE
            || self == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
    }
}
