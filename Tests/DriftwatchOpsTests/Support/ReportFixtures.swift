import DriftwatchCore
import DriftwatchOps
import Foundation

/// A realistic report: the demo's fraud-detector, drifting from window 6 on.
enum ReportFixtures {
    static let numeric = [
        "amount", "customer_age", "account_days", "txn_24h", "credit_score", "income", "distance_km",
        "hour_of_day", "failed_logins", "basket_size", "card_present", "velocity_z",
    ]
    static let categorical = ["merchant_category", "device_type", "country", "is_international"]
    static let drifting: [String: Double] = [
        "amount": 0.42, "customer_age": 0.27, "distance_km": 0.31, "failed_logins": 0.15, "merchant_category": 0.12,
    ]
    static var allFeatures: [String] { numeric + categorical }

    /// 2026-01-01T00:00:00Z in epoch milliseconds.
    static let newYear2026Ms = 1_767_225_600_000.0

    static func window(_ index: Int, partition: Int32 = 0) -> WindowInfo {
        let start = Int64(index) * 10_000
        let seconds = Double(index * 10)
        return WindowInfo(
            topic: "predictions", partition: partition, startOffset: start, endOffset: start + 9_999, events: 10_000,
            index: index, startTimeMs: newYear2026Ms + seconds * 1_000, endTimeMs: newYear2026Ms + (seconds + 9) * 1_000 + 999,
            partial: false)
    }

    static func severity(_ psi: Double) -> Severity { psi >= 0.2 ? .critical : (psi >= 0.1 ? .warning : .none) }

    static func feature(_ name: String, windowIndex: Int) -> ReportFeature {
        let drift = windowIndex >= 6 ? (drifting[name] ?? 0) : 0
        let noise = 0.004 + 0.003 * Double((name.count * 7 + windowIndex * 3) % 5)
        let psi = drift + noise
        if categorical.contains(name) {
            let categories = name == "merchant_category"
                ? ["grocery", "electronics", "travel", "fashion", "gaming", "restaurants"]
                : (name == "device_type" ? ["mobile", "desktop", "tablet"] : (name == "country" ? ["US", "GB", "DE", "FR", "IN", "BR"] : ["false", "true"]))
            let reference = categories.indices.map { 1.0 / Double(categories.count) + 0.02 * Double($0 % 2) }
            let total = reference.reduce(0, +)
            let ref = reference.map { $0 / total }
            let cur = ref.enumerated().map { i, p in max(0.001, p + (i == 0 ? -drift * 0.4 : drift * 0.4 / Double(categories.count - 1))) }
            return ReportFeature(
                name: name, kind: "categorical", method: name == "merchant_category" ? "chi2" : "psi", severity: severity(psi),
                psi: psi, jsDistance: sqrt(psi) * 0.3, chi2Statistic: psi * 900, chi2PValue: drift > 0 ? 1e-9 : 0.42,
                missingRate: 0.01, newCategories: name == "country" && drift > 0 ? ["NG"] : [],
                histogram: ReportHistogram(labels: categories, reference: ref, current: cur))
        }
        let edges = (1...9).map { Double($0) * 12.5 + Double(name.count) }
        let ref = [Double](repeating: 0.1, count: 10)
        let shift = drift * 0.9
        let cur = (0..<10).map { i in max(0.0, 0.1 + shift * (Double(i) - 4.5) / 12) }
        let curTotal = cur.reduce(0, +)
        return ReportFeature(
            name: name, kind: "numeric", method: name == "customer_age" ? "wasserstein" : "psi", severity: severity(psi),
            psi: psi, ksStatistic: sqrt(psi) * 0.35, ksPValue: drift > 0 ? 1e-12 : 0.31, wasserstein: psi * 40,
            wassersteinNorm: psi * 0.8, jsDistance: sqrt(psi) * 0.3, missingRate: 0.0098,
            histogram: .numeric(innerEdges: edges, reference: ref, current: cur.map { $0 / curTotal }))
    }

    static func windowInput(_ index: Int) -> ReportWindowInput {
        let features = allFeatures.map { feature($0, windowIndex: index) }
        let share = Double(features.filter { $0.severity >= .warning }.count) / Double(features.count)
        let scoreDrift = index >= 6 ? 0.18 : 0.01
        return ReportWindowInput(
            modelID: "fraud-detector", modelVersion: "v1", window: window(index), features: features,
            outputs: [
                ReportFeature(name: "score", kind: "numeric", severity: severity(scoreDrift), psi: scoreDrift, ksStatistic: 0.12,
                    ksPValue: 1e-6, wasserstein: 0.04, wassersteinNorm: 0.2, jsDistance: 0.1,
                    histogram: .numeric(
                        innerEdges: [0.02, 0.04, 0.06, 0.09, 0.12, 0.17, 0.24, 0.35, 0.55],
                        reference: [Double](repeating: 0.1, count: 10),
                        current: index >= 6 ? [0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.13, 0.14, 0.17] : [Double](repeating: 0.1, count: 10))),
                ReportFeature(name: "prediction", kind: "categorical", severity: .none, psi: 0.03, jsDistance: 0.05, chi2PValue: 0.2),
            ],
            driftShare: share, datasetDrift: share >= 0.3,
            system: ReportSystem(events: 10_000, errorRate: 0.005, latencyP50Ms: 38, latencyP95Ms: 91, latencyP99Ms: 160, throughputEPS: 1000))
    }

    static let latestAlertSummary = "Feature drift in 5 of 16 features: amount, distance_km, customer_age (critical), failed_logins, merchant_category"

    static func populatedStore() async -> ReportStore {
        let store = ReportStore(maxWindows: 12)
        for index in 0..<12 { await store.record(windowInput(index)) }
        await store.record(notice: ReportNotice(
            kind: .alert, id: "alert:fraud-detector:predictions-0:60000-69999:prediction_drift", modelID: "fraud-detector",
            type: "prediction_drift", level: "warning", summary: "Score PSI 0.18 (warning ≥ 0.1)", createdAt: "2026-01-01T00:01:09.999Z",
            window: window(6)))
        await store.record(notice: ReportNotice(
            kind: .alert, id: "alert:fraud-detector:predictions-0:110000-119999:feature_drift", modelID: "fraud-detector",
            type: "feature_drift", level: "critical", summary: latestAlertSummary, createdAt: "2026-01-01T00:01:59.999Z",
            window: window(11)))
        await store.record(notice: ReportNotice(
            kind: .retrain, id: "retrain:fraud-detector:predictions-0:60000-69999:scheduled", modelID: "fraud-detector",
            type: "dataset_drift, prediction_drift", level: "scheduled", summary: "Dataset drift (31% of features)",
            createdAt: "2026-01-01T00:01:09.999Z", window: window(6)))
        return store
    }
}
