extension LLMSummary {
    /// From a closed window's LLM column (the whole window's, or one version's): tokens, cost
    /// priced as the system logger prices it (stated `cost_usd`, else `llm_pricing` of the LLM
    /// model), TTFT histogram, finish reasons and the judge sums.
    init(_ l: LLMColumn, symbols: SymbolTable, settings: StageSettings) {
        self.init()
        requests = l.requests
        promptTokens = ExactSum([l.promptTokens])
        completionTokens = ExactSum([l.completionTokens])
        var cost = ExactSum.Accumulator()
        cost.add(l.statedCostUSD)
        for (model, tokens) in l.unpricedTokens {
            let name = model.map { symbols.string(for: $0) } ?? ""
            if let price = settings.llmPricing[name] {
                cost.add((tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000)
            }
        }
        costUSD = cost.sum
        ttftMs = LogHistogram(l.ttftMs)
        for (s, n) in l.finishReasons { finishReasons[symbols.string(for: s), default: 0] += n }
        let q = l.quality
        qualitySum = ExactSum([q.qualitySum])
        qualityCount = q.qualityCount
        groundednessSum = ExactSum([q.groundednessSum])
        groundednessCount = q.groundednessCount
        safetyFlags = q.safetyFlagged
        safetyJudged = q.safetyJudged
    }

    /// The judge sums as `LLMQualityRule` takes them.
    public var qualitySums: LLMQualitySums {
        var sums = LLMQualitySums()
        sums.qualitySum = qualitySum.value
        sums.qualityCount = qualityCount
        sums.groundednessSum = groundednessSum.value
        sums.groundednessCount = groundednessCount
        sums.safetyFlagged = safetyFlags
        sums.safetyJudged = safetyJudged
        return sums
    }
}

extension QualitySummary {
    /// Whether a labelled classification pair is a hit, as the accuracy of `classification`
    /// counts it: the same class text, or (binary classes 0/1/true/false) the same side of the
    /// positive class, so a prediction 1 with a label true is right.
    static func isCorrect(_ pair: LabelledOutcome, symbols: SymbolTable) -> Bool {
        let p = StageReport.className(pair.prediction, symbols), l = StageReport.className(pair.label, symbols)
        if p == l { return true }
        return ClassificationMetrics.isBinaryClass(p) && ClassificationMetrics.isBinaryClass(l)
            && ClassificationMetrics.isPositive(p) == ClassificationMetrics.isPositive(l)
    }
}
