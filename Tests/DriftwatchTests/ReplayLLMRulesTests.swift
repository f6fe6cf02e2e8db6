import DriftwatchCore
import DriftwatchSynthetic
import Foundation
@testable import DriftwatchRuntime
import Testing

/// The issue 12 rules end to end over `replay` of `pipelines/llm-app.yaml` (window 2,000,
/// `llm_daily_budget` $60) with `SyntheticLLMTraffic`: each incident fires its rule once its
/// windows hold it, the clean stream fires none of them, whatever the partition count.
@Suite struct ReplayLLMRulesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules: Set<String> = ["llm_budget", "llm_quality", "version_regression"]

    static func events(_ incidents: Set<SyntheticLLMTraffic.Incident>, count: Int = 12_000, at: Int = 4_000) -> [UInt8] {
        let traffic = SyntheticLLMTraffic(seed: 42, incidents: incidents, incidentAt: at)
        var out: [UInt8] = []
        for i in 0..<count {
            out += traffic.event(at: i)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    static func replay(_ events: [UInt8], partitions: Int32 = 3) throws -> [OutputLine] {
        let config = try PipelineFiles.loadConfig(path: root.appendingPathComponent("pipelines/llm-app.yaml").path, brokers: nil)
        let context = try PipelineFiles.loadContext(config: config, partitionCount: Int(partitions)) { _ in }
        return try ReplayHarness.output(context: context, events: events, options: .init(partitions: partitions)).lines
    }

    static func alerts(_ lines: [OutputLine], _ type: String) -> [OutputLine] {
        lines.filter { $0.kind == "alert" && $0.type == type }
    }

    @Test func theCleanStreamFiresNoneOfTheRules() throws {
        let lines = try Self.replay(Self.events([]))
        let fired = lines.filter { $0.kind == "alert" && Self.rules.contains($0.type ?? "") }
        #expect(fired.isEmpty, "\(fired.map(\.raw))")
        // The model report's system block carries the LLM figures per window and per version.
        let reports = lines.filter { $0.value["stage"]?.stringValue == "model" }
        #expect(reports.count == 6)
        for report in reports {
            let system = report.value["system"]
            #expect(report.value["model_version"]?.stringValue == "2026-11,2026-12", "a mixed window names both")
            #expect((system?["llm"]?["tokens_per_second"]?.doubleValue ?? 0) > 0)
            #expect((system?["llm"]?["cost_per_request"]?.doubleValue ?? 0) > 0)
            var promptTokens = 0.0, completionTokens = 0.0
            for version in SyntheticLLMTraffic.versions {
                let llm = system?["versions"]?[version]?["llm"]
                #expect((llm?["ttft_ms"]?["p95"]?.doubleValue ?? 0) > (llm?["ttft_ms"]?["p50"]?.doubleValue ?? 0))
                #expect((llm?["finish_reasons"]?["stop"]?.doubleValue ?? 0) > 0)
                promptTokens += llm?["prompt_tokens"]?.doubleValue ?? 0
                completionTokens += llm?["completion_tokens"]?.doubleValue ?? 0
            }
            // Every request carries a version here, so the versions' tokens add up to the window's.
            #expect(promptTokens > 0 && promptTokens == system?["llm"]?["prompt_tokens"]?.doubleValue)
            #expect(completionTokens > 0 && completionTokens == system?["llm"]?["completion_tokens"]?.doubleValue)
        }
    }

    @Test(arguments: [Int32(1), 4])
    func aRegressedVersionIsNamed(partitions: Int32) throws {
        let lines = try Self.replay(Self.events([.versionRegression]), partitions: partitions)
        let alerts = Self.alerts(lines, "version_regression")
        // Windows 2 to 5 hold the regression (from event 4,000); the cooldown (30 min of event
        // time, about one window) lets every other one through.
        #expect(alerts.count >= 2, "\(lines.filter { $0.kind == "alert" }.map(\.raw))")
        for alert in alerts {
            #expect(alert.value["model_version"]?.stringValue == "2026-12")
            #expect((alert.value["window"]?["end_time"]?.stringValue ?? "") > "2026-01-01T01:06:40")
            let metrics = Set(alert.value["metrics"]?["regressions"]?.arrayValue?.compactMap { $0["metric"]?.stringValue } ?? [])
            #expect(metrics == ["error_rate", "latency_p95"], "\(alert.raw)")
        }
        #expect(Self.alerts(lines, "llm_quality").isEmpty && Self.alerts(lines, "llm_budget").isEmpty)
    }

    @Test func poorAnswersFireLLMQualityNamingTheChecks() throws {
        let lines = try Self.replay(Self.events([.qualityDrop]))
        let alerts = Self.alerts(lines, "llm_quality")
        #expect(alerts.count >= 2, "\(lines.filter { $0.kind == "alert" }.map(\.raw))")
        for alert in alerts {
            let failed = alert.value["metrics"]?["failed"]?.arrayValue?.compactMap(\.stringValue)
            #expect(failed == ["quality", "groundedness", "safety_flag"], "\(alert.raw)")
            #expect(alert.severity == "warning")
        }
        #expect(Self.alerts(lines, "version_regression").isEmpty && Self.alerts(lines, "llm_budget").isEmpty)
    }

    @Test func aCostSpikeCrossesTheDailyBudgetOnce() throws {
        let lines = try Self.replay(Self.events([.costSpike], at: 2_000))
        let alerts = Self.alerts(lines, "llm_budget")
        #expect(alerts.map { $0.severity ?? "" } == ["warning", "critical"], "\(alerts.map(\.raw))")
        for alert in alerts {
            #expect(alert.value["metrics"]?["day"]?.stringValue == "2026-01-01")
            #expect(alert.value["metrics"]?["budget_usd"]?.doubleValue == 60)
        }
        #expect(Self.alerts(lines, "version_regression").isEmpty && Self.alerts(lines, "llm_quality").isEmpty)
    }

    @Test func aTriggerOnAMixedWindowNamesEveryVersion() throws {
        // The demo traffic: v1 (90%) and v2 (10%) in every window, drift from 20,000.
        let config = ReplayHarness.config(windowSize: 5_000, cooldownSeconds: 3_600, retrainCooldownSeconds: 21_600)
        let lines = try ReplayModelStageTests.replay(config, ReplayHarness.events(count: 30_000, driftAt: 20_000), partitions: 2)
        let triggers = lines.filter { $0.kind == "retrain" }
        #expect(triggers.count == 1)
        for trigger in triggers {
            #expect(trigger.value["model_version"]?.stringValue == "v1,v2")
            #expect(trigger.value["dag_conf"]?["model_version"]?.stringValue == "v1,v2")
        }
        // Per-version accuracy over the immediate labels, from the partition stage's summaries.
        let reports = lines.filter { $0.value["stage"]?.stringValue == "model" }
        #expect(reports.count == 6)
        for report in reports {
            for version in ["v1", "v2"] {
                let entry = report.value["system"]?["versions"]?[version]
                #expect((entry?["labelled"]?.doubleValue ?? 0) > 50, "\(version): \(entry.map { "\($0)" } ?? "none")")
                #expect((0.5...1).contains(entry?["accuracy"]?.doubleValue ?? -1))
            }
        }
        let modelWide = lines.filter { $0.kind == "alert" && $0.type != "version_regression" }
        #expect(!modelWide.isEmpty && modelWide.allSatisfy { $0.value["model_version"]?.stringValue == "v1,v2" })
    }
}
