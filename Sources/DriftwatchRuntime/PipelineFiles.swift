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
            references[id] = try loadReference(path: path, modelID: id, config: config, notice: warn)
        }
        return PipelineContext(
            config: config, references: references, partitionCount: partitionCount, stageTimer: stageTimer)
    }

    /// Loads model `modelID`'s reference and checks the configuration against it (SPEC section 8):
    /// a reference of another model, a configured feature it lacks or a type that differs stops
    /// start-up (`run`, `run --check`, `replay`) with the configuration's sentence. A reference
    /// without a performance baseline is accepted, and `notice` says performance alerts are off.
    public static func loadReference(
        path: String, modelID: String, config: DriftwatchConfig, notice: (String) -> Void
    ) throws -> ModelReference {
        let bytes = try readFile(path, what: "reference profile")
        let profile: ReferenceProfile
        do {
            profile = try ReferenceProfile.load(from: Data(bytes), source: path)
        } catch {
            // Name the configuration line too: the fix is often there (a CSV given as the reference).
            let line = config.models[modelID]?.referenceLine.map { " line \($0)" } ?? ""
            throw Failure("\(config.sourcePath)\(line): models.\(modelID).reference: \(error)")
        }
        do {
            try config.checkReference(ofModel: modelID, profile: profile)
        } catch {
            throw Failure(error.description)
        }
        if let sentence = config.performanceNotice(ofModel: modelID, profile: profile) { notice(sentence) }
        return ModelReference(profile.prepared())
    }
}
