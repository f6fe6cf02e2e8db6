/// A reference column prepared for windows: sorted values, PSI edges and counts, or category
/// counts in a fixed order. Built once at load.
public enum PreparedColumn: Sendable, Equatable {
    case numeric(NumericReference)
    case categorical(CategoricalReference)

    public init(_ column: ColumnProfile) {
        switch column.type {
        case .numeric:
            self = .numeric(NumericReference(values: column.values ?? [], validRange: column.storedValidRange))
        case .categorical: self = .categorical(CategoricalReference(counts: column.categories ?? [:]))
        }
    }
}

/// Everything a window needs from a `ReferenceProfile`, precomputed once at load
/// (`ReferenceProfile.prepared()`), so no window sorts or bins the reference again.
public struct PreparedReference: Sendable {
    public let profile: ReferenceProfile
    public let features: [String: PreparedColumn]
    public let prediction: PreparedColumn?
    public let score: PreparedColumn?
    public let label: PreparedColumn?

    public init(_ profile: ReferenceProfile) {
        self.profile = profile
        features = profile.features.mapValues(PreparedColumn.init)
        prediction = profile.prediction.map(PreparedColumn.init)
        score = profile.score.map(PreparedColumn.init)
        label = profile.label.map(PreparedColumn.init)
    }
}

extension ReferenceProfile {
    /// Sorts, bins and indexes every column once.
    public func prepared() -> PreparedReference { PreparedReference(self) }
}
