#if canImport(Glibc)
import Glibc
#endif

/// The process metrics every Prometheus client library exports (the Go and Python clients'
/// `process_*` family), read from Linux's /proc, as SPEC section 9 asks of `/metrics`:
/// `process_cpu_seconds_total` (counter) and `process_resident_memory_bytes` (gauge), plus
/// `process_virtual_memory_bytes`. Parsing is pure (tested on fixed texts); `readSelf()` is the
/// only I/O and returns nil where /proc does not exist (macOS), so callers simply omit the series.
public struct ProcessMetrics: Sendable, Equatable {
    /// User + system CPU time, seconds: /proc/self/stat fields 14 (utime) and 15 (stime), in
    /// clock ticks (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    public var cpuSeconds: Double
    /// Resident set size, bytes: /proc/self/statm field 2 (pages) × page size.
    public var residentMemoryBytes: Double
    /// Virtual memory size, bytes: /proc/self/statm field 1 (pages) × page size.
    public var virtualMemoryBytes: Double

    public init(cpuSeconds: Double, residentMemoryBytes: Double, virtualMemoryBytes: Double) {
        self.cpuSeconds = cpuSeconds
        self.residentMemoryBytes = residentMemoryBytes
        self.virtualMemoryBytes = virtualMemoryBytes
    }

    /// Metric names, types and help, as the Prometheus clients spell them.
    public static let cpuSecondsName = "process_cpu_seconds_total"
    public static let residentMemoryName = "process_resident_memory_bytes"
    public static let virtualMemoryName = "process_virtual_memory_bytes"
    public static let help: [(name: String, type: String, help: String)] = [
        (cpuSecondsName, "counter", "Total user and system CPU time spent in seconds."),
        (residentMemoryName, "gauge", "Resident memory size in bytes."),
        (virtualMemoryName, "gauge", "Virtual memory size in bytes."),
    ]

    /// CPU seconds from the text of /proc/<pid>/stat. The command name (field 2) is in
    /// parentheses and may itself hold spaces and ")" — `(my ) prog)` — so the fields are
    /// counted from the last ")". Nil for a malformed text or a non-positive tick rate.
    public static func cpuSeconds(parsingStat text: String, clockTicksPerSecond: Int) -> Double? {
        guard clockTicksPerSecond > 0, let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        guard fields.count > 12, let utime = UInt64(fields[11]), let stime = UInt64(fields[12]) else { return nil }
        return Double(utime + stime) / Double(clockTicksPerSecond)
    }

    /// (virtual, resident) bytes from the text of /proc/<pid>/statm ("size resident shared text
    /// lib data dt", in pages). Nil for a malformed text or a non-positive page size.
    public static func memoryBytes(parsingStatm text: String, pageSize: Int)
        -> (virtual: Double, resident: Double)?
    {
        guard pageSize > 0 else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let size = UInt64(fields[0]), let resident = UInt64(fields[1]) else { return nil }
        return (Double(size) * Double(pageSize), Double(resident) * Double(pageSize))
    }

    /// Both parsed together; nil if either text is malformed.
    public static func parse(stat: String, statm: String, clockTicksPerSecond: Int, pageSize: Int) -> ProcessMetrics? {
        guard let cpu = cpuSeconds(parsingStat: stat, clockTicksPerSecond: clockTicksPerSecond),
              let memory = memoryBytes(parsingStatm: statm, pageSize: pageSize) else { return nil }
        return ProcessMetrics(cpuSeconds: cpu, residentMemoryBytes: memory.resident, virtualMemoryBytes: memory.virtual)
    }

    /// The Prometheus text-format lines (HELP, TYPE, sample) for these values.
    public var exposition: String {
        let values = [cpuSeconds, residentMemoryBytes, virtualMemoryBytes]
        var text = ""
        for (entry, value) in zip(Self.help, values) {
            text += "# HELP \(entry.name) \(entry.help)\n# TYPE \(entry.name) \(entry.type)\n"
            text += "\(entry.name) \(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))\n"
        }
        return text
    }

    #if canImport(Glibc)
    /// Reads /proc/self/stat and /proc/self/statm now; nil where they cannot be read.
    public static func readSelf() -> ProcessMetrics? {
        guard let stat = readProcFile("/proc/self/stat"), let statm = readProcFile("/proc/self/statm") else { return nil }
        return parse(stat: stat, statm: statm, clockTicksPerSecond: sysconf(Int32(_SC_CLK_TCK)),
                     pageSize: sysconf(Int32(_SC_PAGESIZE)))
    }

    /// /proc files report a size of 0, so read until end of file rather than by size.
    static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1_024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    #else
    public static func readSelf() -> ProcessMetrics? { nil }
    #endif
}
