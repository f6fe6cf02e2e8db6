import Testing
@testable import DriftwatchCore

@Suite("Drift decisions (SPEC section 5 defaults)")
struct DriftDecisionTests {
    @Test func scoreMethodsUseWarningAndCriticalFloors() {
        #expect(decide(method: .psi, value: 0.0999) == .none)
        #expect(decide(method: .psi, value: 0.1) == .warning)
        #expect(decide(method: .psi, value: 0.2) == .critical)
        #expect(decide(method: .js, value: 0.15) == .warning)
        #expect(decide(method: .wasserstein, value: .infinity) == .critical)
    }

    @Test func pValueMethodsAreStrictlyBelow() {
        #expect(decide(method: .ks, value: 0.05) == .none)
        #expect(decide(method: .ks, value: 0.0499) == .warning)
        #expect(decide(method: .chi2, value: 0.001) == .warning)
        #expect(decide(method: .chi2, value: 0.000999) == .critical)
    }

    @Test func undefinedIsNone() {
        #expect(decide(method: .psi, value: .nan) == .none)
        #expect(decide(method: .ks, value: .nan) == .none)
    }

    @Test func customThresholds() {
        let t = DriftThresholds(warning: 0.5, critical: 0.9)
        #expect(decide(method: .psi, value: 0.6, thresholds: t) == .warning)
    }

    @Test func shareAndDatasetDrift() {
        let share = driftShare([.none, .warning, .critical, .none, .none, .none, .none, .none, .none, .none])
        #expect(share == 0.2)
        #expect(!datasetDrift(driftShare: share))
        #expect(datasetDrift(driftShare: 0.3))
        #expect(driftShare([]) == 0)
    }

    @Test func unknownMethodListsValidOnes() throws {
        #expect(throws: UnknownDriftMethod.self) { try DriftMethod.parse("kl") }
        #expect(UnknownDriftMethod(name: "kl").description.contains("psi, ks, wasserstein, js, chi2"))
        #expect(try DriftMethod.parse("js") == .js)
    }

    @Test func decisionsFromResults() {
        let ref = NumericReference(values: (0..<1000).map { Double($0) })
        let same = numericDrift(reference: ref, current: (0..<1000).map { Double($0) })
        #expect(decide(method: .psi, result: same) == .none)
        #expect(decide(method: .ks, result: same) == .none)
        let moved = numericDrift(reference: ref, current: (0..<1000).map { Double($0) + 500 })
        #expect(decide(method: .psi, result: moved) == .critical)
        #expect(decide(method: .ks, result: moved) == .critical)
        #expect(decide(method: .wasserstein, result: moved) == .critical)
    }

    @Test func severityOrder() {
        #expect(Severity.none < .warning && Severity.warning < .critical)
    }
}
