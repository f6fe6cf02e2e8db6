import DriftwatchCore
import Foundation

/// Reads a reference profile file into the stages' prepared `ModelReference`.
enum ReferenceFiles {
    /// Loads model `modelID`'s reference and checks the configuration against it (SPEC section 8):
    /// a reference of another model, a configured feature it lacks or a type that differs stops
    /// start-up (`run`, `run --check`, `replay`) with the configuration's sentence. A reference
    /// without a performance baseline is accepted, and `notice` says performance alerts are off.
    static func load(path: String, modelID: String, config: DriftwatchConfig,
                     notice: (String) -> Void = CommandSupport.printError) throws -> ModelReference {
        let bytes = try CommandSupport.readFile(path, what: "reference profile")
        let profile: ReferenceProfile
        do {
            profile = try ReferenceProfile.load(from: Data(bytes), source: path)
        } catch {
            // Name the configuration line too: the fix is often there (a CSV given as the reference).
            let line = config.models[modelID]?.referenceLine.map { " line \($0)" } ?? ""
            throw CommandFailure("\(config.sourcePath)\(line): models.\(modelID).reference: \(error)")
        }
        do {
            try config.checkReference(ofModel: modelID, profile: profile)
        } catch {
            throw CommandFailure(error.description)
        }
        if let sentence = config.performanceNotice(ofModel: modelID, profile: profile) { notice(sentence) }
        return ModelReference(profile.prepared())
    }
}
