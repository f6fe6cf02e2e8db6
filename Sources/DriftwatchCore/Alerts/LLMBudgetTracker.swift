/// One model's LLM spend in the current UTC day of event time, and the highest `llm_budget`
/// severity already sent for that day. A plain value (Codable) so that the model stage can keep
/// it in its compacted state topic next to the cooldowns and restore it after a restart.
public struct LLMBudgetState: Sendable, Equatable, Codable {
    /// Days since 1970-01-01 (UTC) of event time.
    public var day: Int
    /// USD spent by the model in `day` so far.
    public var costUSD: Double
    /// `.none` until a warning or critical alert has been sent for `day`.
    public var sent: Severity

    public init(day: Int, costUSD: Double = 0, sent: Severity = .none) {
        self.day = day
        self.costUSD = costUSD
        self.sent = sent
    }

    /// The UTC day of an event time in epoch milliseconds (floored, so times before 1970 work).
    public static func day(ofEpochMilliseconds ms: Double) -> Int {
        Int((ms / 86_400_000).rounded(.down))
    }

    /// "YYYY-MM-DD" of `day`.
    public var dayText: String {
        String(RFC3339.format(epochMilliseconds: Double(day) * 86_400_000).prefix(10))
    }
}

/// A crossing of the daily budget, to become an `llm_budget` alert.
public struct LLMBudgetCrossing: Sendable, Equatable {
    public var modelID: String
    public var severity: Severity
    /// "YYYY-MM-DD" (UTC, event time).
    public var day: String
    public var costUSD: Double
    public var budgetUSD: Double
    /// costUSD / budgetUSD.
    public var share: Double

    /// "LLM spend of model m on 2026-12-03 is $85 (85% of the $100 daily budget)".
    public var summary: String {
        "LLM spend of model \(modelID) on \(day) is $\(AlertEvaluator.short(costUSD)) "
            + "(\(AlertEvaluator.percent(share)) of the $\(AlertEvaluator.short(budgetUSD)) daily budget)"
    }

    public var metrics: JSONObject {
        ["day": .string(day), "cost_usd": .number(costUSD), "budget_usd": .number(budgetUSD), "share": .number(share)]
    }
}

/// SPEC section 6 `llm_budget`: the model's LLM cost in the current UTC day (event time) at or
/// above 80% of `alerts.llm_daily_budget` is a warning, at or above 100% critical; each severity
/// is sent at most once per model and day, and a critical makes a later warning pointless.
///
/// Costs are charged to the day of the event time the caller gives (a window's end time: a window
/// is short beside a day, and charging it whole keeps the state to one day per model). A cost
/// from a day earlier than the model's current day is late: that day is over and its alerts are
/// decided, so it changes nothing. Pure and deterministic: replaying the same costs in the same
/// order from the same state gives the same crossings.
public struct LLMBudgetTracker: Sendable, Equatable, Codable {
    /// By model id.
    public var states: [String: LLMBudgetState] = [:]

    public init(states: [String: LLMBudgetState] = [:]) {
        self.states = states
    }

    /// Share of the budget at which the warning and critical alerts fire (SPEC: 80% and 100%).
    public static let warningShare = 0.8
    public static let criticalShare = 1.0

    /// Adds `costUSD` spent by `modelID` at `eventTimeMs`; returns the crossing to alert on, if
    /// this cost reached a severity not yet sent today. No budget (nil or 0): never alerts.
    public mutating func record(modelID: String, costUSD: Double, eventTimeMs: Double, budgetUSD: Double?)
        -> LLMBudgetCrossing?
    {
        guard costUSD.isFinite, costUSD >= 0, eventTimeMs.isFinite else { return nil }
        let day = LLMBudgetState.day(ofEpochMilliseconds: eventTimeMs)
        var state = states[modelID] ?? LLMBudgetState(day: day)
        if day < state.day { return nil }
        if day > state.day { state = LLMBudgetState(day: day) }
        state.costUSD += costUSD
        defer { states[modelID] = state }
        guard let budgetUSD, budgetUSD > 0 else { return nil }
        let share = state.costUSD / budgetUSD
        let severity: Severity = AlertEvaluator.reaches(share, Self.criticalShare) ? .critical
            : AlertEvaluator.reaches(share, Self.warningShare) ? .warning : .none
        guard severity > state.sent else { return nil }
        state.sent = severity
        return LLMBudgetCrossing(modelID: modelID, severity: severity, day: state.dayText,
                                 costUSD: state.costUSD, budgetUSD: budgetUSD, share: share)
    }
}
