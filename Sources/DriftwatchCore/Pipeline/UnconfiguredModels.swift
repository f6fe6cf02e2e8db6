public import Foundation

/// Model ids that send events but have no entry under `models` in the configuration.
///
/// What happens to their events (unchanged): they are windowed like any model's, but without a
/// reference only the system logger looks at them (errors, latency), so no feature or output
/// drift is ever judged. Silently, that hides a typo in a producer's `model_id` or a new model
/// nobody configured; so every such event is counted (`ProcessorCounters.unconfiguredModelEvents`,
/// `driftwatch_unconfigured_model_events_total`) and each id is reported once per process through
/// `onFirstSighting` (the worker logs `pipeline.model.unconfigured`).
///
/// Shared by every partition processor of a pipeline; each processor asks once per model id (it
/// caches the answer), so the lock is taken once per (processor, model), never per event.
/// `@unchecked Sendable`: `seen` and `onFirstSighting` are guarded by `lock`.
public final class UnconfiguredModels: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []
    private var callback: (@Sendable (String) -> Void)?

    public init() {}

    /// Called once per unconfigured model id, on the thread of the processor that saw it first.
    public var onFirstSighting: (@Sendable (String) -> Void)? {
        get { lock.withLock { callback } }
        set { lock.withLock { callback = newValue } }
    }

    /// The unconfigured model ids seen so far, sorted.
    public var ids: [String] { lock.withLock { seen.sorted() } }

    /// Records `id`; the first time, calls `onFirstSighting` (outside the lock).
    func record(_ id: String) {
        let notify: (@Sendable (String) -> Void)? = lock.withLock {
            seen.insert(id).inserted ? callback : nil
        }
        notify?(id)
    }
}
