import DriftwatchRuntime
import Foundation

/// `replay --input`: a file, or "-" for standard input, read as a stream of lines.
struct ReplayInput {
    let name: String
    private let descriptor: Int32
    private let owned: Bool

    init(path: String) throws {
        if path == "-" {
            name = "standard input"
            descriptor = STDIN_FILENO
            owned = false
            return
        }
        try CommandSupport.checkReadable(path, what: "input file")
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CommandFailure("cannot read input file \(path): \(String(cString: strerror(errno))).")
        }
        name = path
        descriptor = fd
        owned = true
    }

    var reader: LineReader { LineReader(descriptor: descriptor) }

    func close() {
        if owned { _ = Foundation.close(descriptor) }
    }
}
