/// A benchmark that cannot go on: ArgumentParser prints it as one line on stderr and exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
