import Crdkafka

extension KafkaConsumer {
    /// Commits these offsets (each the NEXT offset to read) and waits for the broker's answer.
    /// Safe inside a rebalance handler. Blocks the calling thread.
    public func commitSync(_ offsets: [KafkaTopicPartitionOffset]) throws {
        guard !offsets.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(offsets)
        let err = client.withHandle { rd_kafka_commit($0, list.pointer, 0) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdKafka: err, reason: "Committing \(offsets) failed: \(String(cString: rd_kafka_err2str(err))).")
        }
        if let error = list.firstError { throw error }
    }

    /// Sends a commit without waiting; a failure is logged when the next poll serves its result.
    public func commitAsync(_ offsets: [KafkaTopicPartitionOffset]) throws {
        guard !offsets.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(offsets)
        let err = client.withHandle { rd_kafka_commit($0, list.pointer, 1) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
    }

    /// The group's committed offsets for these partitions (`KafkaOffset.invalid` when none).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws -> [KafkaTopicPartitionOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = client.withHandle { rd_kafka_committed($0, list.pointer, timeout.milliseconds) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
        if let error = list.firstError { throw error }
        return list.items
    }

    /// The offset after the last message returned to the application, per partition.
    public func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartitionOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = client.withHandle { rd_kafka_position($0, list.pointer) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
        return list.items
    }

    /// Moves the fetch position of assigned partitions; the next poll returns messages from there.
    public func seek(_ offsets: [KafkaTopicPartitionOffset], timeout: Duration = .seconds(10)) throws {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = client.withHandle({ rd_kafka_seek_partitions($0, list.pointer, timeout.milliseconds) }) {
            throw KafkaError(consuming: error)
        }
        if let error = list.firstError { throw error }
    }

    /// Stops fetching these partitions (assignment kept) until `resume`.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = client.withHandle { rd_kafka_pause_partitions($0, list.pointer) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
    }

    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = client.withHandle { rd_kafka_resume_partitions($0, list.pointer) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(rdKafka: err) }
    }

    /// Low and high watermarks of a partition, asked of its leader.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws -> KafkaWatermarks {
        try client.watermarks(topic: topic, partition: partition, timeout: timeout)
    }

    /// Partition count of every topic in the cluster.
    public func topicPartitionCounts(timeout: Duration = .seconds(10)) throws -> [String: Int] {
        try client.topicPartitionCounts(timeout: timeout)
    }
}
