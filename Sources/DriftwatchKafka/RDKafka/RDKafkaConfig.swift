import Crdkafka

/// Builds `rd_kafka_conf_t` objects from string properties.
enum RDKafkaConfig {
    /// A new conf holding `properties` (applied in key order). The caller owns the result and
    /// must pass it to `rd_kafka_new` (which takes it on success) or destroy it.
    /// A key or value librdkafka rejects becomes a `.config` error naming it.
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .config, reason: "librdkafka could not allocate a configuration.")
        }
        do {
            for key in properties.keys.sorted() {
                try set(conf, key, properties[key] ?? "")
            }
        } catch {
            rd_kafka_conf_destroy(conf)
            throw error
        }
        return conf
    }

    static func set(_ conf: OpaquePointer, _ key: String, _ value: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &message, message.count)
        guard result == RD_KAFKA_CONF_OK else {
            let detail = String(cBuffer: message)
            let kind = result == RD_KAFKA_CONF_UNKNOWN ? "Unknown" : "Invalid value for"
            throw KafkaError(
                code: .config,
                reason: "\(kind) Kafka property '\(key)' = '\(value)': \(detail)"
            )
        }
    }
}
