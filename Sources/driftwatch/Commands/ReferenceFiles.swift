import DriftwatchCore

/// Reads a reference profile file into the stages' prepared `ModelReference`.
enum ReferenceFiles {
    static func load(path: String, modelID: String) throws -> ModelReference {
        throw CommandFailure("reference profile \(path) for model \(modelID) cannot be read yet.")
    }
}
