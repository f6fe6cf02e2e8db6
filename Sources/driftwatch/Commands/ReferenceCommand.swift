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
        usage: "driftwatch reference build --input <input> --model <model> --out <out> [--labels <labels>] [--types <types>] [--max-values <max-values>] [--seed <seed>]",
        discussion: """
            FILE is JSON Lines of prediction events (one object per line, as on the predictions \
            topic; events of other models are skipped) or CSV with a header: one column per \
            feature plus optional prediction, score and label columns. Numbers make numeric \
            features, strings and bools categorical ones. CSV cells are trimmed; empty cells and \
            NA, N/A, NULL, None, NaN, - are missing; a column of mostly numbers with a few \
            other values is refused (fix the cells or force its type with --types). Up to \
            --max-values exact values are kept per numeric feature; beyond that a deterministic \
            subsample (seed --seed, recorded). --labels joins delayed label events (JSON Lines, \
            by event_id) so that a reference built from logged events has a performance baseline.
            """)

    // Required, but declared optional and checked in `run`: ArgumentParser reports a missing
    // option before an unknown one, so `--inpt x` would otherwise say "missing --input".
    @Option(name: .long, help: "JSON Lines events or CSV file.") var input: String?
    @Option(name: .long, help: "The model id the profile is for.") var model: String?
    @Option(name: .long, help: "Where to write the profile (JSON).") var out: String?
    @Option(name: .long, help: "Label events, JSON Lines, joined to the events by event_id.") var labels: String?
    @Option(name: .long, help: "CSV column types instead of inferred ones: COLUMN=numeric|categorical,…")
    var types: String?
    @Option(name: .long, help: "Exact values kept per numeric feature.") var maxValues = 100_000
    @Option(name: .long, help: "Seed of the subsample beyond --max-values.") var seed: UInt64 = 20_260_101
    @Option(name: .long, help: "Rows per reference chunk for `thresholds: adaptive` (the pipeline's window.size).")
    var windowSize = 10_000

    func validate() throws {
        if maxValues < 1 { throw ValidationError("--max-values must be at least 1.") }
        if windowSize < 1 { throw ValidationError("--window-size must be at least 1.") }
        if model?.isEmpty == true { throw ValidationError("--model must not be empty.") }
        _ = try columnTypes()
    }

    /// `--types a=numeric,b=categorical` as a table.
    func columnTypes() throws -> [String: ColumnType] {
        guard let types else { return [:] }
        var result: [String: ColumnType] = [:]
        for item in types.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let type = ColumnType(rawValue: parts[1]) else {
                throw ValidationError("--types expects COLUMN=numeric or COLUMN=categorical, separated by commas; got \"\(item)\".")
            }
            result[parts[0]] = type
        }
        return result
    }

    func run() throws {
        guard let input, let model, let out else {
            let name = input == nil ? "input" : model == nil ? "model" : "out"
            throw ValidationError("Missing expected argument '--\(name) <\(name)>'")
        }
        try CommandSupport.guarded {
            let data = try CommandSupport.mapFile(input, what: "input file")
            let joined = try labels.map { path in
                let bytes = try CommandSupport.mapFile(path, what: "labels file")
                do {
                    return try ReferenceLabels(data: bytes, file: path, modelID: model)
                } catch {
                    throw CommandFailure("\(error)")
                }
            }
            let profile: ReferenceProfile
            do {
                profile = try ReferenceInput.build(
                    data: data, file: input, modelID: model,
                    sampling: .init(maxValues: maxValues, seed: seed), types: try columnTypes(), labels: joined,
                    adaptiveChunkSize: windowSize)
            } catch {
                throw CommandFailure("\(error)")
            }
            try CommandSupport.writeFile(out, what: "reference profile", contents: try profile.encoded())
            let numeric = profile.features.values.filter { $0.type == .numeric }.count
            print("Wrote \(out): model \(model), \(profile.source?.rows ?? 0) rows, "
                  + "\(numeric) numeric and \(profile.features.count - numeric) categorical features"
                  + (profile.baseline.map { ", baseline from \($0.labelled) labelled rows" }
                      ?? "; no labelled rows, so no performance baseline (performance alerts will be off for this model)") + ".")
        }
    }
}
