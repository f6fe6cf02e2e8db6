/// Heap bytes of the windows' buffers, for the worker's memory breakdown (issue 11): what the
/// arrays and dictionaries have allocated (capacity × element stride), read without walking
/// their elements, so the worker can sample it once a second at no per-event cost. Malloc's
/// per-block overhead and strings' out-of-line storage are not counted: an estimate from
/// below of what the holder keeps alive.
enum ApproximateBytes {
    /// An array's element storage (its capacity, not its count: reserved space is allocated).
    @inline(__always)
    static func of<T>(_ array: [T]) -> Int { array.capacity * MemoryLayout<T>.stride }

    /// A dictionary's slot storage: keys and values of every slot of its capacity.
    @inline(__always)
    static func of<K, V>(_ dictionary: [K: V]) -> Int {
        dictionary.capacity * (MemoryLayout<K>.stride + MemoryLayout<V>.stride)
    }
}

extension WindowBuffer {
    /// Heap bytes of this open window's columns (`ApproximateBytes`): at least what its arrays
    /// hold, reserved capacity included (the feature columns reserve `window.size` doubles).
    public var approximateBytes: Int {
        var total = ApproximateBytes.of(columns) + ApproximateBytes.of(scores) + ApproximateBytes.of(latencies)
            + ApproximateBytes.of(labelledOutcomes) + ApproximateBytes.of(versions) + ApproximateBytes.of(errorMessages)
            + predictions.approximateBytes + labels.approximateBytes + llm.approximateBytes
        for column in columns { total += column.approximateBytes }
        for version in versions {
            total += ApproximateBytes.of(version.latencies) + ApproximateBytes.of(version.labelledOutcomeIndexes)
                + version.llm.approximateBytes
        }
        return total
    }
}

extension FeatureColumn {
    /// Numbers and category counts allocated for this column.
    public var approximateBytes: Int { ApproximateBytes.of(numbers) + ApproximateBytes.of(categoryCounts) }
}

extension OutcomeColumn {
    public var approximateBytes: Int { ApproximateBytes.of(numbers) + ApproximateBytes.of(categories) }
}

extension LLMColumn {
    public var approximateBytes: Int {
        ApproximateBytes.of(ttftMs) + ApproximateBytes.of(finishReasons) + ApproximateBytes.of(unpricedTokens)
    }
}

extension PerformanceBuffer {
    /// The pairs' columns allocated for this open performance window.
    public var approximateBytes: Int {
        ApproximateBytes.of(predictions) + ApproximateBytes.of(labels) + ApproximateBytes.of(scores)
            + ApproximateBytes.of(versions)
    }
}
