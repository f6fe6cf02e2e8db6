@testable import DriftwatchOps
import DriftwatchRuntime
import Foundation
import Prometheus
import Testing

/// `driftwatch_unconfigured_model_events_total`: present at 0 from start-up, then booked from the
/// worker's counters by difference, as the other counters are.
@Suite struct UnconfiguredModelMetricsTests {
    static func exposition(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func countedFromTheWorkersCountersAndZeroAtStart() {
        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        #expect(sampleValue(Self.exposition(registry), "driftwatch_unconfigured_model_events_total") == 0)
        let service = WorkerStatusMetrics(status: WorkerStatus(), metrics: metrics, readiness: Readiness(),
                                          predictionsTopic: "predictions", labelsTopic: nil)
        var booked = WorkerStatusMetrics.Booked()
        var snapshot = WorkerStatus.Snapshot()
        snapshot.counters.unconfiguredModelEvents = 5
        service.book(snapshot, &booked)
        snapshot.counters.unconfiguredModelEvents = 8
        service.book(snapshot, &booked)
        service.book(snapshot, &booked)
        #expect(sampleValue(Self.exposition(registry), "driftwatch_unconfigured_model_events_total") == 8)
    }
}
