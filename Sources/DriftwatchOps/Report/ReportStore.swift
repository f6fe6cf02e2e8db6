public import DriftwatchCore

/// What `/report` shows: the latest windows, alerts and triggers per model, bounded.
///
/// The runtime calls `record(_:)` once per closed window (with histograms when it has them) and
/// `record(notice:)` for each alert and trigger it publishes, or simply hands every published
/// message's payload to `ingest(_:)`. Several calls for the same window (one per stage) merge.
/// `snapshot()` copies the state out for `renderReportHTML`, which is pure.
public actor ReportStore {
    private var state: ReportState

    /// Keeps the last `maxWindows` windows and `maxNotices` alerts and triggers per model.
    public init(maxWindows: Int = 24, maxNotices: Int = 20, contexts: [String: ReportModelContext] = [:]) {
        state = ReportState(maxWindows: maxWindows, maxNotices: maxNotices, contexts: contexts)
    }

    /// References and thresholds per model (the worker's `PipelineContext`, once it is loaded).
    public func setContexts(_ contexts: [String: ReportModelContext]) { state.contexts = contexts }

    /// Records a closed window, or merges into the one already recorded for the same window
    /// (same topic, partition and index): non-empty parts of `input` replace the stored ones.
    public func record(_ input: ReportWindowInput) { state.record(input) }

    /// Records an alert or retrain trigger.
    public func record(notice: ReportNotice) { state.record(notice: notice) }

    /// Records what a published output message carries (window report, alert or retrain
    /// trigger). Returns false for what the report does not show (performance windows, dead letters).
    @discardableResult
    public func ingest(_ payload: OutputPayload) -> Bool { state.ingest(payload) }

    /// A copy of everything the report shows; `generatedAt` is printed in its header.
    public func snapshot(generatedAt: String) -> ReportSnapshot { state.snapshot(generatedAt: generatedAt) }
}

/// The report's state as a plain value: what `ReportStore` guards, usable directly where no
/// concurrency is involved (`replay --html` builds one from the replayed messages).
public struct ReportState: Sendable {
    public let maxWindows: Int
    public let maxNotices: Int
    private var models: [String: ModelState] = [:]
    /// Reference summaries and thresholds per model id, shown beside the windows.
    public var contexts: [String: ReportModelContext]

    struct ModelState: Sendable {
        var modelVersion: String?
        var windows: [ReportWindowInput] = []
        var alerts: [ReportNotice] = []
        var triggers: [ReportNotice] = []
        var windowsSeen = 0
        var alertsSeen = 0
        var triggersSeen = 0
    }

    public init(maxWindows: Int = 24, maxNotices: Int = 20, contexts: [String: ReportModelContext] = [:]) {
        self.maxWindows = max(1, maxWindows)
        self.maxNotices = max(1, maxNotices)
        self.contexts = contexts
    }

    public mutating func record(_ input: ReportWindowInput) {
        var state = models[input.modelID] ?? ModelState()
        if let version = input.modelVersion { state.modelVersion = version }
        if let at = state.windows.lastIndex(where: { Self.sameWindow($0.window, input.window) }) {
            state.windows[at] = Self.merge(state.windows[at], input)
        } else {
            state.windows.append(input)
            state.windowsSeen += 1
            if state.windows.count > maxWindows { state.windows.removeFirst(state.windows.count - maxWindows) }
        }
        models[input.modelID] = state
    }

    public mutating func record(notice: ReportNotice) {
        var state = models[notice.modelID] ?? ModelState()
        switch notice.kind {
        case .alert:
            state.alerts.append(notice)
            state.alertsSeen += 1
            if state.alerts.count > maxNotices { state.alerts.removeFirst() }
        case .retrain:
            state.triggers.append(notice)
            state.triggersSeen += 1
            if state.triggers.count > maxNotices { state.triggers.removeFirst() }
        }
        models[notice.modelID] = state
    }

    @discardableResult
    public mutating func ingest(_ payload: OutputPayload) -> Bool {
        switch payload {
        case .report(let report):
            guard let input = ReportWindowInput(report) else { return false }
            record(input)
        case .alert(let alert):
            record(notice: ReportNotice(alert))
        case .trigger(let trigger):
            record(notice: ReportNotice(trigger))
        case .deadLetter, .summary, .state:
            return false
        }
        return true
    }

    public func snapshot(generatedAt: String) -> ReportSnapshot {
        let list = models.keys.sorted().map { id -> ReportSnapshot.Model in
            let state = models[id]!
            return ReportSnapshot.Model(
                modelID: id, modelVersion: state.modelVersion, windows: state.windows,
                alerts: state.alerts, triggers: state.triggers, windowsSeen: state.windowsSeen,
                alertsSeen: state.alertsSeen, triggersSeen: state.triggersSeen, context: contexts[id])
        }
        return ReportSnapshot(generatedAt: generatedAt, models: list)
    }

    static func sameWindow(_ a: WindowInfo, _ b: WindowInfo) -> Bool {
        a.topic == b.topic && a.partition == b.partition && a.index == b.index
    }

    static func merge(_ old: ReportWindowInput, _ new: ReportWindowInput) -> ReportWindowInput {
        var merged = old
        merged.modelVersion = new.modelVersion ?? old.modelVersion
        if !new.features.isEmpty {
            // Keep histograms the structured path supplied if a later message has none.
            let oldByName = Dictionary(old.features.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            merged.features = new.features.map { feature in
                var feature = feature
                if feature.histogram == nil { feature.histogram = oldByName[feature.name]?.histogram }
                return feature
            }
        }
        if !new.outputs.isEmpty { merged.outputs = new.outputs }
        merged.driftShare = new.driftShare ?? old.driftShare
        merged.datasetDrift = new.datasetDrift ?? old.datasetDrift
        merged.system = new.system ?? old.system
        merged.performance = new.performance ?? old.performance
        merged.llm = new.llm ?? old.llm
        if !new.versions.isEmpty { merged.versions = new.versions }
        merged.dataQuality = new.dataQuality ?? old.dataQuality
        merged.driftTestsNote = new.driftTestsNote ?? old.driftTestsNote
        return merged
    }
}


/// Everything `renderReportHTML` needs, copied out of the store.
public struct ReportSnapshot: Sendable, Equatable {
    public struct Model: Sendable, Equatable {
        public var modelID: String
        public var modelVersion: String?
        /// Oldest first; the last is the latest window.
        public var windows: [ReportWindowInput]
        /// Oldest first.
        public var alerts: [ReportNotice]
        public var triggers: [ReportNotice]
        public var windowsSeen: Int
        public var alertsSeen: Int
        public var triggersSeen: Int
        /// The reference's summary and the thresholds, when the store was given them.
        public var context: ReportModelContext?

        public init(
            modelID: String, modelVersion: String? = nil, windows: [ReportWindowInput] = [],
            alerts: [ReportNotice] = [], triggers: [ReportNotice] = [], windowsSeen: Int? = nil,
            alertsSeen: Int? = nil, triggersSeen: Int? = nil, context: ReportModelContext? = nil
        ) {
            self.modelID = modelID
            self.modelVersion = modelVersion
            self.windows = windows
            self.alerts = alerts
            self.triggers = triggers
            self.windowsSeen = windowsSeen ?? windows.count
            self.alertsSeen = alertsSeen ?? alerts.count
            self.triggersSeen = triggersSeen ?? triggers.count
            self.context = context
        }

        /// The latest window that has feature results: a model window (all partitions merged)
        /// when there is one, the model view being what the page leads with.
        public var latest: ReportWindowInput? {
            let merged = windows.filter { $0.window.partitions != nil || $0.window.partition < 0 }
            let shown = merged.isEmpty ? windows : merged
            return shown.last(where: { !$0.features.isEmpty }) ?? shown.last
        }
    }

    public var generatedAt: String
    public var models: [Model]

    public init(generatedAt: String, models: [Model]) {
        self.generatedAt = generatedAt
        self.models = models
    }
}
