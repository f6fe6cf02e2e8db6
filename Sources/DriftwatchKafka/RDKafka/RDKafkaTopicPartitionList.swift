import Crdkafka
#if canImport(Glibc)
import Glibc
#endif

/// Owns one `rd_kafka_topic_partition_list_t`; `deinit` is the only destroy.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ items: [KafkaTopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(items.count, 1)))
        for item in items {
            let element = rd_kafka_topic_partition_list_add(pointer, item.topic, item.partition)
            element?.pointee.offset = item.offset
            if let element, let metadata = item.metadata {
                // librdkafka frees `metadata` with the list (rd_free = free), so it must come from malloc.
                let bytes = Array(metadata.utf8)
                let buffer = malloc(max(bytes.count, 1))!
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                element.pointee.metadata = buffer
                element.pointee.metadata_size = bytes.count
            }
        }
    }

    convenience init(_ partitions: [KafkaTopicPartition], offset: Int64 = KafkaOffset.invalid) {
        self.init(partitions.map { KafkaTopicPartitionOffset($0, offset: offset) })
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// The partitions and offsets in a list librdkafka owns (read, never stored).
    static func read(
        _ list: UnsafePointer<rd_kafka_topic_partition_list_t>?
    ) -> [KafkaTopicPartitionOffset] {
        guard let list else { return [] }
        var result: [KafkaTopicPartitionOffset] = []
        result.reserveCapacity(Int(list.pointee.cnt))
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            var metadata: String?
            if let pointer = element.metadata, element.metadata_size > 0 {
                let bytes = UnsafeRawBufferPointer(start: pointer, count: element.metadata_size)
                metadata = String(decoding: bytes, as: UTF8.self)
            }
            result.append(KafkaTopicPartitionOffset(
                topic: String(cString: element.topic), partition: element.partition,
                offset: element.offset, metadata: metadata
            ))
        }
        return result
    }

    var items: [KafkaTopicPartitionOffset] { Self.read(pointer) }

    /// The first per-partition error in the list, if any.
    var firstError: KafkaError? {
        for index in 0..<Int(pointer.pointee.cnt) {
            let element = pointer.pointee.elems[index]
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let name = "\(String(cString: element.topic))[\(element.partition)]"
                let text = String(cString: rd_kafka_err2str(element.err))
                return KafkaError(rdKafka: element.err, reason: "Partition \(name): \(text).")
            }
        }
        return nil
    }
}
