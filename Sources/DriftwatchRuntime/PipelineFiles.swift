public import DriftwatchCore
import Foundation

/// Loads what a pipeline needs from files: the configuration (`--brokers` over the environment
/// over the file) and every model's reference profile. `driftwatch` and `driftwatch-bench` both
/// start workers from these.
public enum PipelineFiles {
    /// A file that cannot be read, or a reference profile that cannot be loaded: one sentence.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw Failure("cannot read \(what) \(path)\(isDirectory.boolValue ? ": it is a directory" : "").")
            }
            throw Failure("\(what) \(path) does not exist.")
        }
        return [UInt8](data)
    }

    /// Loads and validates the configuration, with `brokers` over the environment over the file.
    public static func loadConfig(path: String, brokers: String?) throws -> DriftwatchConfig {
        let bytes = try readFile(path, what: "configuration file")
        var config = try DriftwatchConfig.load(
            yaml: String(decoding: bytes, as: UTF8.self), path: path,
            environment: ProcessInfo.processInfo.environment,
            fileExists: { FileManager.default.fileExists(atPath: $0) })
        if let brokers { config.kafka.brokers = brokers }
        return config
    }

    /// The pipeline context: configuration plus every model's reference profile. `warn` receives
    /// one sentence per profile made for another model than the one it is configured for.
    public static func loadContext(
        config: DriftwatchConfig, partitionCount: Int = 1, stageTimer: (any StageTimer)? = nil,
        warn: (String) -> Void
    ) throws -> PipelineContext {
        var references: [String: ModelReference] = [:]
        for id in config.modelIDs {
            let path = config.models[id]!.reference
            references[id] = try loadReference(path: path, modelID: id, warn: warn)
        }
        return PipelineContext(
            config: config, references: references, partitionCount: partitionCount, stageTimer: stageTimer)
    }

    /// Reads a reference profile file into the stages' prepared `ModelReference`.
    public static func loadReference(path: String, modelID: String, warn: (String) -> Void) throws -> ModelReference {
        let bytes = try readFile(path, what: "reference profile")
        let profile: ReferenceProfile
        do {
            profile = try ReferenceProfile.load(from: Data(bytes), source: path)
        } catch {
            throw Failure("\(error)")
        }
        if profile.modelID != modelID {
            warn("warning: reference profile \(path) is for model \(profile.modelID), configured for model \(modelID).")
        }
        return ModelReference(profile.prepared())
    }
}
