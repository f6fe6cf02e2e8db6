import DriftwatchCore
import Foundation

/// Reads a reference profile file into the stages' prepared `ModelReference`.
enum ReferenceFiles {
    static func load(path: String, modelID: String) throws -> ModelReference {
        let bytes = try CommandSupport.readFile(path, what: "reference profile")
        let profile: ReferenceProfile
        do {
            profile = try ReferenceProfile.load(from: Data(bytes), source: path)
        } catch {
            throw CommandFailure("\(error)")
        }
        if profile.modelID != modelID {
            CommandSupport.printError(
                "warning: reference profile \(path) is for model \(profile.modelID), configured for model \(modelID).")
        }
        return ModelReference(profile.prepared())
    }
}
