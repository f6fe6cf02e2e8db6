import ArgumentParser
import DriftwatchCore
import Foundation

/// `driftwatch reference …`: reference profiles (SPEC section 2).
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Build reference profiles that windows are compared with.",
        subcommands: [ReferenceBuildCommand.self]
    )
}

/// `driftwatch reference build --input FILE --model ID --out REF.json`.
struct ReferenceBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a reference profile from JSON Lines events or CSV.",
        discussion: """
            FILE is JSON Lines of prediction events (one object per line, as on the predictions \
            topic; events of other models are skipped) or CSV with a header: one column per \
            feature plus optional prediction, score and label columns. Numbers make numeric \
            features, strings and bools categorical ones. Up to --max-values exact values are kept \
            per numeric feature; beyond that a deterministic subsample (seed --seed, recorded).
            """)

    @Option(name: .long, help: "JSON Lines events or CSV file.") var input: String
    @Option(name: .long, help: "The model id the profile is for.") var model: String
    @Option(name: .long, help: "Where to write the profile (JSON).") var out: String
    @Option(name: .long, help: "Exact values kept per numeric feature.") var maxValues = 100_000
    @Option(name: .long, help: "Seed of the subsample beyond --max-values.") var seed: UInt64 = 20_260_101

    func validate() throws {
        if maxValues < 1 { throw ValidationError("--max-values must be at least 1.") }
        if model.isEmpty { throw ValidationError("--model must not be empty.") }
    }

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: input))
        } catch {
            fail("Cannot read \(input): \(reason(error)).")
        }
        let profile: ReferenceProfile
        do {
            profile = try ReferenceInput.build(
                data: data, file: input, modelID: model,
                sampling: .init(maxValues: maxValues, seed: seed))
        } catch {
            fail(error.description)
        }
        do {
            try profile.encoded().write(to: URL(fileURLWithPath: out))
        } catch {
            fail("Cannot write \(out): \(reason(error)).")
        }
        let numeric = profile.features.values.filter { $0.type == .numeric }.count
        print("Wrote \(out): model \(model), \(profile.source?.rows ?? 0) rows, "
              + "\(numeric) numeric and \(profile.features.count - numeric) categorical features"
              + (profile.baseline.map { ", baseline from \($0.labelled) labelled rows" } ?? "") + ".")
    }
}

/// Prints one sentence to stderr and exits 1 (SPEC: errors are one clear sentence, no trace).
func fail(_ sentence: String) -> Never {
    FileHandle.standardError.write(Data(("driftwatch: " + sentence + "\n").utf8))
    Foundation.exit(1)
}

/// The short reason of a Foundation I/O error (no domain/code noise).
func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSCocoaErrorDomain && (ns.code == NSFileReadNoSuchFileError || ns.code == 260) {
        return "no such file"
    }
    return ns.localizedDescription
}
