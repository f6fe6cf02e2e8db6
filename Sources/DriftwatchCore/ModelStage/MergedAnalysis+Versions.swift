/// The model window's versions and LLM usage (issue 12): what `model_version` means for a window
/// that mixes versions, the A/B comparison behind `version_regression`, the judge sums behind
/// `llm_quality`, and the per-version and LLM figures of the report's `system` block.
extension MergedAnalysis {
    /// `model_version` of a model window's report, alerts (except `version_regression`, which
    /// names the regressed version) and retrain trigger: the version when every versioned event
    /// of the window carries the same one; when the window mixes versions (an A/B test, a
    /// rollout), all of them sorted and comma-separated ("1.4.0,1.5.0"), so a reader sees that
    /// the finding concerns the model across versions rather than one of them at random; nil
    /// when no event carries a version.
    static func windowVersion(_ s: SystemSummary) -> String? {
        let named = s.versions.filter { !$0.key.isEmpty && $0.value.events > 0 }.keys.sorted()
        return named.isEmpty ? nil : named.joined(separator: ",")
    }

    /// Each named version against the others (events without `model_version` are left out: they
    /// are no variant). nil with fewer than two versions. Latency comes from the merged latency
    /// histograms: every value stands for its bucket's value (within 1%), so the Mann–Whitney U
    /// test runs over binned values, each bucket a tie group handled by the tie correction; the
    /// p95 is that of the bucket values (within 1% of numpy's). Accuracy only when every version
    /// has immediate labels.
    static func versionComparison(_ s: SystemSummary) -> VersionComparison.Result? {
        let named = s.versions.filter { !$0.key.isEmpty && $0.value.events > 0 }
        guard named.count >= 2 else { return nil }
        let samples = named.keys.sorted().map { name in
            let v = named[name]!
            return VersionSample(version: name, events: v.events, errors: v.errors, latencies: v.latency.binnedValues,
                                 labelled: v.labelled > 0 ? v.labelled : nil, correct: v.labelled > 0 ? v.correct : nil)
        }
        return VersionComparison().compare(samples)
    }

    /// The judge sums when some request carried a judge field, else nil (nothing to judge).
    static func llmQuality(_ s: SystemSummary) -> LLMQualitySums? {
        let sums = s.llm.qualitySums
        return sums.qualityCount + sums.groundednessCount + sums.safetyJudged > 0 ? sums : nil
    }

    /// A version's extras in `system.versions`: accuracy over its labelled events, and its LLM
    /// usage. Only when present, so reports of streams without them keep their bytes.
    static func addVersionExtras(_ v: VersionSummary, spanSeconds: Double, to entry: inout JSONObject) {
        if v.labelled > 0 {
            entry["labelled"] = .int(v.labelled)
            entry["accuracy"] = .number(Double(v.correct) / Double(v.labelled))
        }
        if v.llm.requests > 0 {
            var block: JSONObject = ["requests": .int(v.llm.requests)]
            addLLMRates(v.llm, spanSeconds: spanSeconds, to: &block)
            block["ttft_ms"] = ttft(v.llm)
            block["finish_reasons"] = SummaryReader.counts(v.llm.finishReasons)
            block["prompt_tokens"] = .number(v.llm.promptTokens.value)
            block["completion_tokens"] = .number(v.llm.completionTokens.value)
            entry["llm"] = .object(block)
        }
    }

    /// `cost_usd`, `cost_per_request` and `tokens_per_second`: prompt plus completion tokens per
    /// second of the window's event-time span (null for a window within one millisecond).
    static func addLLMRates(_ llm: LLMSummary, spanSeconds: Double, to block: inout JSONObject) {
        let cost = llm.costUSD.value
        block["cost_usd"] = .number(cost)
        block["cost_per_request"] = .number(llm.requests > 0 ? cost / Double(llm.requests) : nil)
        let tokens = llm.promptTokens.value + llm.completionTokens.value
        block["tokens_per_second"] = spanSeconds > 0 ? .number(tokens / spanSeconds) : .null
    }

    static func ttft(_ llm: LLMSummary) -> JSONValue {
        .object(["p50": StageReport.num(llm.ttftMs.percentile(50)), "p95": StageReport.num(llm.ttftMs.percentile(95))])
    }
}

extension LogHistogram {
    /// Every recorded value as its bucket's value (0 for zeros, never above `max`), ascending:
    /// the sample a histogram stands for, for tests that need values (Mann–Whitney U).
    var binnedValues: [Double] {
        var values = [Double](repeating: 0, count: zeros)
        values.reserveCapacity(count)
        for i in buckets.keys.sorted() {
            values.append(contentsOf: repeatElement(Swift.min(Self.value(ofBucket: i), max), count: buckets[i]!))
        }
        return values
    }
}
