import DriftwatchKafka

/// What `driftwatch_build_info` says about this binary (SPEC section 9): the driftwatch
/// release, the Swift compiler that built it and the librdkafka it runs against. The gauge is 1;
/// the labels carry the information (the Prometheus `*_build_info` convention), so a query can
/// join on them: `count by (librdkafka_version) (driftwatch_build_info)`.
public struct BuildInfo: Sendable, Equatable {
    /// The driftwatch release (also `driftwatch --version`).
    public static let driftwatchVersion = "0.3.0"

    public var version: String
    public var swiftVersion: String
    public var librdkafkaVersion: String

    public init(version: String, swiftVersion: String, librdkafkaVersion: String) {
        self.version = version
        self.swiftVersion = swiftVersion
        self.librdkafkaVersion = librdkafkaVersion
    }

    /// This binary: the compiler version is fixed at compile time, librdkafka's read at run time
    /// (the shared library may be newer than the headers it was built with).
    public static var current: BuildInfo {
        BuildInfo(version: driftwatchVersion, swiftVersion: compilerVersion,
                  librdkafkaVersion: DriftwatchKafka.librdkafkaVersion)
    }

    /// The compiler's language version, to the minor release (`#if compiler` is the only way to
    /// read it; the chain stops at the oldest compiler Package.swift accepts).
    static var compilerVersion: String {
        #if compiler(>=6.4)
        "6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// Label values in `DriftwatchMetricName.buildInfo.labelNames` order.
    var labelValues: [String] { [version, swiftVersion, librdkafkaVersion] }
}
