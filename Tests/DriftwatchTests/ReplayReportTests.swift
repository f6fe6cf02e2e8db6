import DriftwatchCore
import DriftwatchSynthetic
@testable import DriftwatchOps
@testable import DriftwatchRuntime
@testable import driftwatch
import Foundation
import Prometheus
import Synchronization
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The drift report and the metrics, fed from a real replay of drifting synthetic traffic.
@Suite struct ReplayReportTests {
    /// Replays `events`, showing every output message to an `OutputObserver`.
    static func replayObserved(_ events: [UInt8]) async throws -> (
        counters: ProcessorCounters, model: ModelStageDriver.Counters, metrics: String, snapshot: ReportSnapshot,
        outputs: [String: Int]
    ) {
        let registry = PrometheusCollectorRegistry()
        let metrics = DriftwatchMetrics(registry: registry)
        let context = PipelineContext(
            config: ReplayHarness.config(), references: [ReplayHarness.model: ReplayHarness.reference],
            stageTimer: MetricsStageTimer(metrics: metrics))
        let store = ReportStore()
        let observer = OutputObserver(metrics: metrics, reportStore: store)
        let outputs = Mutex<[String: Int]>([:])
        let acks = AckQueue()
        let sink = ObservedSink(ReplaySink(acks: acks) { _ in }) { message in
            observer.observe(message)
            if let object = try? JSONValue.parse(message.value), let kind = object["kind"]?.stringValue {
                let key = kind == "window_report" ? "window_report:" + (object["stage"]?.stringValue ?? "") : kind
                outputs.withLock { $0[key, default: 0] += 1 }
            }
        }
        let driver = PipelineDriver.replaying(context: context, sink: sink, acks: acks)
        let counters = try Replay.run(driver: driver, events: events, labels: nil, options: .init(flush: false))
        await observer.finish()
        return (counters, driver.modelStage!.counters, registry.emitToString(), await store.snapshot(generatedAt: "replay"),
                outputs.withLock { $0 })
    }

    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func metricsAgreeWithWhatThePipelinePublished() async throws {
        let run = try await Self.replayObserved(ReplayHarness.events(count: 30_000, driftAt: 10_000))
        let model = ReplayHarness.model
        #expect(run.counters.windowsClosed == 6)
        for stage in ["feature_profiler", "prediction_monitor", "system_logger"] {
            #expect(Self.sample(run.metrics, "driftwatch_windows_closed_total{model_id=\"\(model)\",stage=\"\(stage)\"}")
                == Double(run.outputs["window_report:\(stage)"] ?? -1))
            #expect(Self.sample(run.metrics, "driftwatch_window_analysis_seconds_count{stage=\"\(stage)\"}") == 6,
                    "each analysis of \(stage) is timed")
        }
        let alerts = run.metrics.split(separator: "\n").filter { $0.hasPrefix("driftwatch_alerts_published_total{") }
            .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
        #expect(alerts == Double(run.model.alerts))
        #expect(alerts == Double(run.outputs["alert"] ?? -1))
        let triggers = run.metrics.split(separator: "\n").filter { $0.hasPrefix("driftwatch_retrain_triggers_published_total{") }
            .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
        #expect(triggers == Double(run.model.triggers))
        let amount = try #require(Self.sample(run.metrics, "driftwatch_feature_psi{model_id=\"\(model)\",feature=\"amount\"}"))
        #expect(amount >= 0.2, "amount drifted: its latest PSI is critical")
        #expect(Self.sample(run.metrics, "driftwatch_feature_drift_severity{model_id=\"\(model)\",feature=\"amount\"}") == 2)
        #expect(Self.sample(run.metrics, "driftwatch_feature_drift_severity{model_id=\"\(model)\",feature=\"income\"}") == 0)
    }

    @Test func reportShowsEveryFeatureTheLatestAlertAndHistograms() async throws {
        let run = try await Self.replayObserved(ReplayHarness.events(count: 30_000, driftAt: 10_000))
        let model = try #require(run.snapshot.models.first)
        #expect(model.windows.count == 6)
        let latest = try #require(model.latest)
        let names = Set(latest.features.map(\.name))
        for feature in SyntheticTraffic.numericFeatures + SyntheticTraffic.categoricalFeatures + SyntheticTraffic.booleanFeatures {
            #expect(names.contains(feature), "\(feature) is monitored")
        }
        #expect(latest.features.allSatisfy { $0.histogram != nil }, "every tested feature has a histogram")
        #expect(latest.outputs.map(\.name).contains("score"))
        #expect(latest.outputs.allSatisfy { $0.histogram != nil }, "the model outputs have histograms too")
        for drifted in SyntheticTraffic.driftedFeatures {
            #expect((latest.features.first { $0.name == drifted }?.severity ?? .none) >= .warning, "\(drifted)")
        }
        let html = renderReportHTML(run.snapshot)
        let lastAlert = try #require(model.alerts.last)
        #expect(html.contains(lastAlert.summary.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")))
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        try html.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-replay-report.html"),
                       atomically: true, encoding: .utf8)
    }

    /// The page of a two-partition replay with drift and inline labels, beside the model reports
    /// it was built from: the numbers on the page are the published ones.
    @Test func reportOfATwoPartitionReplayShowsTheModelReportsNumbers() throws {
        let config = ReplayHarness.config()
        let context = PipelineContext(config: config, references: [ReplayHarness.model: ReplayHarness.reference], partitionCount: 2)
        let state = Mutex(ReportState(contexts: ReportModelContext.all(context)))
        let reports = Mutex<[JSONObject]>([])
        let acks = AckQueue()
        let sink = ObservedSink(ReplaySink(acks: acks) { _ in }) { message in
            state.withLock { _ = $0.ingest(message.payload) }
            if case .report(let r) = message.payload, r.stage == .model { reports.withLock { $0.append(r.body) } }
        }
        let driver = PipelineDriver.replaying(context: context, sink: sink, acks: acks)
        _ = try Replay.run(driver: driver, events: ReplayHarness.events(count: 30_000, driftAt: 10_000), labels: nil,
                           options: .init(partitions: 2, flush: false))
        let html = renderReportHTML(state.withLock { $0.snapshot(generatedAt: "replay") })
        let models = reports.withLock { $0 }
        #expect(models.count == 5, "30,000 events in model windows of 5,000, the last left open (no flush)")
        let latest = try #require(models.last)
        let performance = try #require(latest["performance"]?.objectValue, "the synthetic events carry inline labels")
        let accuracy = try #require(performance["accuracy"]?.doubleValue)
        #expect(html.contains("<td>\(formatNumber(accuracy)) "), "the latest accuracy \(accuracy) is in the quality table")
        #expect(performance["confusion"] != nil && performance["roc"] != nil, "the model report carries what the charts need")
        #expect(html.contains("<svg class=\"roc\""))
        let amount = try #require(latest["features"]?.objectValue?["amount"]?.objectValue)
        #expect(html.contains(">\(formatNumber(try #require(amount["mean"]?.doubleValue)))<"), "amount's current mean")
        guard case .numeric(let reference)? = ReplayHarness.reference.features.first(where: { $0.name == "amount" })?.distribution else {
            Issue.record("amount is numeric in the reference")
            return
        }
        #expect(html.contains(">\(formatNumber(reference.mean))<"), "amount's reference mean")
        // Model windows only on the x-axis: "#0" … "#4", never a partition's window.
        let trend = try #require(html.range(of: "<svg class=\"trend\"")).lowerBound
        let axis = html[trend..<(try #require(html[trend...].range(of: "</svg>")).upperBound)]
        #expect(!axis.contains(">p0 #") && !axis.contains(">p1 #"))
        #expect(axis.contains(">#0</text>"))
        #expect(html.contains(">#4</text>"))
        #expect(!html.contains(">200%<"))
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
    }
}
