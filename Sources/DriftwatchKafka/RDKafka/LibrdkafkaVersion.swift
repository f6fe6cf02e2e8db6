import Crdkafka

/// The librdkafka this binary was linked against, e.g. "2.0.2".
public var librdkafkaVersion: String {
    String(cString: rd_kafka_version_str())
}
