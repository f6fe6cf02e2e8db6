// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "driftwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "driftwatch", targets: ["driftwatch"]),
        .executable(name: "driftwatch-bench", targets: ["DriftwatchBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
    ],
    targets: [
        // librdkafka 2.0.2 (Debian's librdkafka-dev), found by pkg-config.
        .systemLibrary(
            name: "Crdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // glibc's malloc.h (mallinfo2 for the worker's memory breakdown); empty off glibc.
        .systemLibrary(name: "CGlibcMalloc", path: "Sources/CGlibcMalloc"),
        // The only importer of Crdkafka: consumer, producer, admin, mock cluster.
        .target(
            name: "DriftwatchKafka",
            dependencies: [
                "Crdkafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Events, windows, statistics, stages, alerts, config: no Kafka, no clocks, no I/O.
        .target(
            name: "DriftwatchCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            // Release builds skip the runtime exclusivity checks (swift_beginAccess on every
            // access to a class's stored property: ~1,200 instructions per event in the
            // partition stage, scripts/callgrind_replay.sh); debug builds, which the tests
            // run, keep them. Allowed because driftwatch is the root package.
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The worker around the pure pipeline: output sinks, replay, the Kafka run loop.
        .target(
            name: "DriftwatchRuntime",
            dependencies: [
                "CGlibcMalloc",
                "DriftwatchKafka",
                "DriftwatchCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // As DriftwatchCore: the per-message driver (PipelineDriver) without runtime
            // exclusivity checks in release builds.
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // Synthetic traffic: the drifting fraud-detector events, producing them to a topic and
        // reading topics back. Used by `demo`, `synthetic`, `produce-synthetic`, the benchmarks, tests.
        .target(
            name: "DriftwatchSynthetic",
            dependencies: [
                "DriftwatchCore",
                "DriftwatchKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Operations: /metrics, /healthz, /readyz, /report (Hummingbird), the metrics facade,
        // the report store and its HTML renderer, the broker probe, the worker's status as metrics.
        .target(
            name: "DriftwatchOps",
            dependencies: [
                "DriftwatchKafka",
                "DriftwatchCore",
                "DriftwatchRuntime",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "DriftwatchKafka",
                "DriftwatchCore",
                "DriftwatchRuntime",
                "DriftwatchOps",
                "DriftwatchSynthetic",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks: `driftwatch-bench stats|decode|pipeline|consume`, outside the product.
        .executableTarget(
            name: "DriftwatchBench",
            dependencies: [
                "DriftwatchKafka",
                "DriftwatchCore",
                "DriftwatchRuntime",
                "DriftwatchSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The tests' one mock-cluster fixture (a library only test targets use).
        .target(
            name: "DriftwatchTestSupport",
            dependencies: [
                "DriftwatchKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DriftwatchTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DriftwatchSyntheticTests",
            dependencies: ["DriftwatchSynthetic", "DriftwatchCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DriftwatchKafkaTests",
            dependencies: ["DriftwatchKafka", "DriftwatchCore", "DriftwatchTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DriftwatchCoreTests",
            // DriftwatchSynthetic: the decoder is also checked against the synthetic traffic.
            dependencies: ["DriftwatchCore", "DriftwatchSynthetic"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DriftwatchOpsTests",
            dependencies: [
                "DriftwatchOps",
                "DriftwatchCore",
                "DriftwatchKafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DriftwatchTests",
            dependencies: [
                "driftwatch", "DriftwatchKafka", "DriftwatchCore", "DriftwatchRuntime", "DriftwatchOps",
                "DriftwatchSynthetic", "DriftwatchTestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
