import Crdkafka

/// librdkafka's rebalance callback, run on the thread that polls the consumer (or closes it).
///
/// The layer above hears about the change synchronously: on revoke BEFORE the partitions are
/// unassigned, so it can commit the offsets its results made safe; on assign after they are.
func rdKafkaRebalanceCallback(
    _ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
    _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let rk else { return }
    let callbacks = RDKafkaCallbacks.from(opaque)
    callbacks?.rebalanceCount.add(1, ordering: .relaxed)
    // End the current batch here: messages fetched before a revoke must not reach the
    // application after its revoke handler ran (`KafkaConsumer.poll` drops them).
    if callbacks?.closing.load(ordering: .relaxed) == false {
        rd_kafka_yield(rk)
    }
    let handler = callbacks?.rebalance.withLock { $0 }
    let changed = RDKafkaTopicPartitionList.read(partitions).map(\.topicPartition)
    // NULL once the member has no group protocol (a revoke while closing after a lost session):
    // a force-unwrap here crashed a worker on SIGTERM (found by ChaosGroupTests).
    let rebalanceProtocol: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(rk)
    let cooperative = rebalanceProtocol.map { String(cString: $0) } == "COOPERATIVE"
    switch err {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if cooperative {
            destroyIfError(rd_kafka_incremental_assign(rk, partitions), callbacks)
        } else {
            logIfError(rd_kafka_assign(rk, partitions), callbacks)
        }
        // Debug: the worker logs each rebalance once, with what it did about it.
        callbacks?.logger.debug("kafka.rebalance.assigned", metadata: ["kafka.partitions": "\(changed.logText)"])
        handler?(.assigned(changed))
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        let lost = rd_kafka_assignment_lost(rk) != 0
        callbacks?.logger.debug(
            lost ? "kafka.rebalance.lost" : "kafka.rebalance.revoked",
            metadata: ["kafka.partitions": "\(changed.logText)"]
        )
        handler?(lost ? .lost(changed) : .revoked(changed))
        if cooperative {
            destroyIfError(rd_kafka_incremental_unassign(rk, partitions), callbacks)
        } else {
            logIfError(rd_kafka_assign(rk, nil), callbacks)
        }
    default:
        callbacks?.logger.warning(
            "kafka.rebalance.error", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(err)))"]
        )
        logIfError(rd_kafka_assign(rk, nil), callbacks)
    }
}

private func destroyIfError(_ error: OpaquePointer?, _ callbacks: RDKafkaCallbacks?) {
    guard let error else { return }
    let swiftError = KafkaError(consuming: error)
    callbacks?.logger.error("kafka.rebalance.assign.failed", metadata: ["kafka.error": "\(swiftError)"])
}

private func logIfError(_ err: rd_kafka_resp_err_t, _ callbacks: RDKafkaCallbacks?) {
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
    callbacks?.logger.error(
        "kafka.rebalance.assign.failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(err)))"]
    )
}
