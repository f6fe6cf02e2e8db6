@testable import DriftwatchCore

/// Shared builders for alert tests.
enum AlertFixtures {
    /// 2026-01-01T00:00:00Z in epoch ms.
    static let start = 1_767_225_600_000.0
    static let hourMs = 3_600_000.0

    static func window(index: Int = 2, endTimeMs: Double? = nil, partition: Int32 = 3) -> WindowInfo {
        let startOffset = Int64(index * 10_000)
        let end = endTimeMs ?? start + Double(index + 1) * 10_000 - 1
        return WindowInfo(topic: "predictions", partition: partition, startOffset: startOffset,
                          endOffset: startOffset + 9_999, events: 10_000, index: index,
                          startTimeMs: end - 9_999, endTimeMs: end, partial: false)
    }

    static func feature(_ name: String, psi: Double) -> FeatureFinding {
        FeatureFinding(feature: name, method: .psi, value: psi,
                       severity: decide(method: .psi, value: psi), statistics: ["psi": psi])
    }

    /// `count` clean features plus the given drifted ones.
    static func features(clean count: Int, drifted: [(String, Double)] = []) -> [FeatureFinding] {
        (0..<count).map { feature("f\($0)", psi: 0.01) } + drifted.map { feature($0.0, psi: $0.1) }
    }

    static func findings(
        features: [FeatureFinding]? = nil, prediction: [FeatureFinding]? = nil,
        performance: PerformanceFinding? = nil, quality: DataQualityFinding? = nil,
        system: SystemFinding? = nil, window: WindowInfo = window()
    ) -> WindowFindings {
        WindowFindings(modelID: "fraud-detector", modelVersion: "v1", window: window, features: features,
                       prediction: prediction, performance: performance, dataQuality: quality, system: system)
    }

    static func performance(drop: Double) -> PerformanceFinding {
        PerformanceFinding(metric: "accuracy", current: 0.8 * (1 - drop), baseline: 0.8, labelled: 3_000)
    }
}
