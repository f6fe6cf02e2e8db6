import Testing
@testable import DriftwatchCore

/// Percentiles the model report reads from fine bins (`approximatePercentile`): a value repeated
/// many times (a point mass, e.g. a discount that is 0 for most customers) has a bin of its own,
/// [v, v.nextUp), and every order statistic in it is exactly v.
@Suite struct ApproximatePercentileTests {
    /// 70% zeros, then 1...300: numpy.percentile(values, 50) == 0.0 and (…, 90) == 200.1.
    static let values: [Double] = Array(repeating: 0, count: 700) + (1...300).map(Double.init)

    @Test func aPointMassGivesItsValueNotTheSmallestDoubleAboveIt() {
        let fine = FineBins(reference: NumericReference(values: Self.values), bins: 1_000)
        let summary = NumericColumnSummary(values: Self.values, fine: fine)
        #expect(summary.approximatePercentile(50, fine: fine) == 0)
        #expect(summary.approximatePercentile(1, fine: fine) == 0)
    }

    @Test func outsideTheMassTheErrorStaysWithinABin() {
        let fine = FineBins(reference: NumericReference(values: Self.values), bins: 1_000)
        let summary = NumericColumnSummary(values: Self.values, fine: fine)
        // numpy.percentile(values, 90) == 200.1; bins over [0, 300] are at most 0.3 wide.
        #expect(abs(summary.approximatePercentile(90, fine: fine) - 200.1) <= 0.3)
    }
}
