/// Window state for the next owner of the partition (SPEC section 4: window indexes and
/// boundaries survive restarts and rebalances), stored with each commit as its metadata.
extension PartitionProcessor {
    /// Where each model's windows stand, to store with the commit (SPEC section 4): per model the
    /// oldest window not yet acknowledged (closed or open) or, without one, the next window at the
    /// next offset. Consistent with `safeOffset(source:)` taken at the same moment.
    public func windowState() -> PartitionWindowState {
        for group in unpublished.keys where !ledger.isPending(group: group) { unpublished[group] = nil }
        let next = ledger.next[InputSource.predictions.rawValue] ?? 0
        var state = PartitionWindowState()
        for position in assigner.positions {
            var index = position.nextIndex
            var start = position.openStart ?? next
            for window in unpublished.values where window.model == position.model && window.index < index {
                index = window.index
                start = window.startOffset
            }
            state.models[symbols.string(for: position.model)] = .init(nextIndex: index, resumeOffset: start)
        }
        for group in unpublishedPerformance.keys where !ledger.isPending(group: group) { unpublishedPerformance[group] = nil }
        let labelsNext = ledger.next[InputSource.labels.rawValue] ?? 0
        for (topic, assigner) in [(false, performance), (true, topicPerformance)] {
            for position in assigner.positions(next: (next, labelsNext)) {
                var start = position.start
                for window in unpublishedPerformance.values
                where window.topic == topic && window.model == position.model && window.start.nextIndex < start.nextIndex {
                    start = window.start
                }
                let name = symbols.string(for: position.model)
                if topic { state.performance[name] = start } else { state.inlinePerformance[name] = start }
            }
        }
        return state
    }

    /// Continues the windows of a previous owner (call before the first message).
    public func restore(_ state: PartitionWindowState) {
        for (model, resume) in state.models {
            assigner.restore(model: symbols.symbol(for: model), nextIndex: resume.nextIndex, resumeOffset: resume.resumeOffset)
        }
        for (model, start) in state.performance {
            topicPerformance.restore(model: symbols.symbol(for: model), start: start)
        }
        for (model, start) in state.inlinePerformance {
            performance.restore(model: symbols.symbol(for: model), start: start)
        }
    }
}
