extension LogHistogram {
    var jsonValue: JSONValue {
        var indexes: [JSONValue] = [], counts: [JSONValue] = []
        var previous = 0
        for i in buckets.keys.sorted() {
            indexes.append(.int(i - previous))
            counts.append(.int(buckets[i]!))
            previous = i
        }
        return .object(["count": .int(count), "zeros": .int(zeros), "max": .number(max), "sum": sum.jsonValue,
                        "i": .array(indexes), "c": .array(counts)])
    }

    init(_ r: SummaryReader) throws {
        self.init()
        count = try r.int("count")
        zeros = try r.int("zeros")
        max = r.optional("max")?.doubleValue ?? -.infinity
        sum = try r.exact("sum")
        let i = try r.ints("i"), c = try r.ints("c")
        guard i.count == c.count else { throw SummaryFormatError("\(r.path): i and c differ in length") }
        var k = 0
        for j in i.indices {
            k += i[j]
            buckets[k] = c[j]
        }
    }
}

extension SystemSummary {
    var jsonValue: JSONValue {
        var versionObject = JSONObject()
        for v in versions.keys.sorted() {
            let s = versions[v]!
            var o: JSONObject = ["events": .int(s.events), "errors": .int(s.errors), "latency": s.latency.jsonValue]
            // Written only when present, so summaries of streams without labels or LLM usage
            // keep their bytes (issue 12 additions).
            if s.labelled > 0 {
                o["labelled"] = .int(s.labelled)
                o["correct"] = .int(s.correct)
            }
            if s.llm.requests > 0 { o["llm"] = s.llm.jsonValue }
            versionObject[v] = .object(o)
        }
        return .object([
            "events": .int(events), "errors": .int(errors), "latency": latency.jsonValue,
            "versions": .object(versionObject), "error_messages": SummaryReader.counts(errorMessages),
            "llm": llm.jsonValue,
        ])
    }

    init(_ r: SummaryReader) throws {
        self.init()
        events = try r.int("events")
        errors = try r.int("errors")
        latency = try LogHistogram(try r.reader("latency"))
        for (name, v) in try r.object("versions").members {
            let vr = try SummaryReader(v, "\(r.path).versions.\(name)")
            var s = VersionSummary()
            s.events = try vr.int("events")
            s.errors = try vr.int("errors")
            s.latency = try LogHistogram(try vr.reader("latency"))
            if vr.optional("labelled") != nil {
                s.labelled = try vr.int("labelled")
                s.correct = try vr.int("correct")
            }
            if vr.optional("llm") != nil { s.llm = try LLMSummary(try vr.reader("llm")) }
            versions[name] = s
        }
        errorMessages = try r.counts("error_messages")
        llm = try LLMSummary(try r.reader("llm"))
    }
}

extension LLMSummary {
    var jsonValue: JSONValue {
        var o: JSONObject = [
            "requests": .int(requests), "prompt_tokens": promptTokens.jsonValue,
            "completion_tokens": completionTokens.jsonValue, "cost_usd": costUSD.jsonValue,
            "ttft": ttftMs.jsonValue, "finish_reasons": SummaryReader.counts(finishReasons),
            "quality_sum": qualitySum.jsonValue, "quality_count": .int(qualityCount),
            "groundedness_sum": groundednessSum.jsonValue, "groundedness_count": .int(groundednessCount),
            "safety_flags": .int(safetyFlags),
        ]
        // Only when some request carried the flag: older summaries (and streams without judge
        // fields) keep their bytes.
        if safetyJudged > 0 { o["safety_judged"] = .int(safetyJudged) }
        return .object(o)
    }

    init(_ l: SummaryReader) throws {
        self.init()
        requests = try l.int("requests")
        promptTokens = try l.exact("prompt_tokens")
        completionTokens = try l.exact("completion_tokens")
        costUSD = try l.exact("cost_usd")
        ttftMs = try LogHistogram(try l.reader("ttft"))
        finishReasons = try l.counts("finish_reasons")
        qualitySum = try l.exact("quality_sum")
        qualityCount = try l.int("quality_count")
        groundednessSum = try l.exact("groundedness_sum")
        groundednessCount = try l.int("groundedness_count")
        safetyFlags = try l.int("safety_flags")
        safetyJudged = l.optional("safety_judged") != nil ? try l.int("safety_judged") : 0
    }
}
