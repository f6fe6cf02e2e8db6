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
            versionObject[v] = .object(["events": .int(s.events), "errors": .int(s.errors), "latency": s.latency.jsonValue])
        }
        return .object([
            "events": .int(events), "errors": .int(errors), "latency": latency.jsonValue,
            "versions": .object(versionObject), "error_messages": SummaryReader.counts(errorMessages),
            "llm": .object([
                "requests": .int(llm.requests), "prompt_tokens": llm.promptTokens.jsonValue,
                "completion_tokens": llm.completionTokens.jsonValue, "cost_usd": llm.costUSD.jsonValue,
                "ttft": llm.ttftMs.jsonValue, "finish_reasons": SummaryReader.counts(llm.finishReasons),
                "quality_sum": llm.qualitySum.jsonValue, "quality_count": .int(llm.qualityCount),
                "groundedness_sum": llm.groundednessSum.jsonValue, "groundedness_count": .int(llm.groundednessCount),
                "safety_flags": .int(llm.safetyFlags),
            ]),
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
            versions[name] = s
        }
        errorMessages = try r.counts("error_messages")
        let l = try r.reader("llm")
        llm.requests = try l.int("requests")
        llm.promptTokens = try l.exact("prompt_tokens")
        llm.completionTokens = try l.exact("completion_tokens")
        llm.costUSD = try l.exact("cost_usd")
        llm.ttftMs = try LogHistogram(try l.reader("ttft"))
        llm.finishReasons = try l.counts("finish_reasons")
        llm.qualitySum = try l.exact("quality_sum")
        llm.qualityCount = try l.int("quality_count")
        llm.groundednessSum = try l.exact("groundedness_sum")
        llm.groundednessCount = try l.int("groundedness_count")
        llm.safetyFlags = try l.int("safety_flags")
    }
}
