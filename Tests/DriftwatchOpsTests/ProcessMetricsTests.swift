import DriftwatchOps
import Testing

@Suite("Process metrics from /proc")
struct ProcessMetricsTests {
    /// A real /proc/<pid>/stat line with a command name holding a space and a ")".
    static let stat = "26737 (dr ft) watch) S 26731 26731 13712 0 -1 4194304 99 0 0 0 1234 567 0 0 20 0 9 0 153206 3133440 392 18446744073709551615 0 0 0\n"
    static let statm = "765 420 392 5 0 123 0\n"

    @Test func parsesCPUSecondsAfterTheLastParenthesis() {
        #expect(ProcessMetrics.cpuSeconds(parsingStat: Self.stat, clockTicksPerSecond: 100) == 18.01)
        #expect(ProcessMetrics.cpuSeconds(parsingStat: Self.stat, clockTicksPerSecond: 250) == 1_801.0 / 250)
    }

    @Test func parsesMemoryPages() throws {
        let memory = try #require(ProcessMetrics.memoryBytes(parsingStatm: Self.statm, pageSize: 4_096))
        #expect(memory.resident == 420 * 4_096)
        #expect(memory.virtual == 765 * 4_096)
        let both = try #require(ProcessMetrics.parse(stat: Self.stat, statm: Self.statm, clockTicksPerSecond: 100, pageSize: 4_096))
        #expect(both == ProcessMetrics(cpuSeconds: 18.01, residentMemoryBytes: 1_720_320, virtualMemoryBytes: 3_133_440))
    }

    @Test(arguments: ["", "123 (x", "1 (x) S 2 3", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 5 0"])
    func malformedStatIsNil(_ text: String) {
        #expect(ProcessMetrics.cpuSeconds(parsingStat: text, clockTicksPerSecond: 100) == nil)
    }

    @Test func malformedStatmOrUnitsAreNil() {
        #expect(ProcessMetrics.memoryBytes(parsingStatm: "12", pageSize: 4_096) == nil)
        #expect(ProcessMetrics.memoryBytes(parsingStatm: "a b", pageSize: 4_096) == nil)
        #expect(ProcessMetrics.memoryBytes(parsingStatm: Self.statm, pageSize: 0) == nil)
        #expect(ProcessMetrics.cpuSeconds(parsingStat: Self.stat, clockTicksPerSecond: 0) == nil)
    }

    @Test func exposesPrometheusText() {
        let text = ProcessMetrics(cpuSeconds: 18.01, residentMemoryBytes: 1_720_320, virtualMemoryBytes: 3_133_440).exposition
        #expect(text == """
        # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 18.01
        # HELP process_resident_memory_bytes Resident memory size in bytes.
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes 1720320
        # HELP process_virtual_memory_bytes Virtual memory size in bytes.
        # TYPE process_virtual_memory_bytes gauge
        process_virtual_memory_bytes 3133440

        """)
    }

    /// This test process's own numbers: positive, and CPU time grows with work.
    @Test func readsThisProcess() throws {
        #if os(Linux)
        let before = try #require(ProcessMetrics.readSelf())
        #expect(before.residentMemoryBytes > 1_000_000 && before.virtualMemoryBytes >= before.residentMemoryBytes)
        var x = 0.0
        for i in 0..<20_000_000 { x += Double(i & 7) }
        let after = try #require(ProcessMetrics.readSelf())
        #expect(x > 0 && after.cpuSeconds >= before.cpuSeconds)
        #endif
    }
}
