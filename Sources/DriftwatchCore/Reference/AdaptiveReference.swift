/// The `adaptive` block of a reference profile (format 2): for every numeric feature, the drift
/// statistic of each score method over the reference's own chunks, so that a feature configured
/// with `thresholds: adaptive` is judged at mean + 3σ (warning) and mean + 5σ (critical).
///
/// How chunks are chosen (NannyML's standard-deviation thresholds): the feature's rows in input
/// order (missing values kept as missing) are cut into consecutive chunks of `chunk_size` rows,
/// the window size given to `reference build --window-size` (default 10,000, the default
/// `window.size`); a trailing incomplete chunk is dropped; each chunk is compared, exactly as a
/// window is, with the rest of the column (the column without that chunk's rows: a chunk against
/// a whole that contains it scores too low, see `AdaptiveBaseline`). At least 2 chunks are needed: with fewer,
/// `features` is empty and a configuration asking for adaptive thresholds is refused at start-up.
/// ```json
/// "adaptive": {"chunk_size": 10000, "chunks": 5,
///              "features": {"amount": {"psi": {"mean": 0.004, "std": 0.001, "chunk_values": [...]}, ...}}}
/// ```
/// Methods: `psi`, `wasserstein` (on `wasserstein_norm`) and `js`; p-value methods (`ks`, `chi2`)
/// have no adaptive thresholds, and categorical features none yet.
public struct AdaptiveReference: Codable, Sendable, Equatable {
    /// Rows per chunk: must equal the configuration's `window.size`.
    public var chunkSize: Int
    /// Complete chunks in the reference.
    public var chunks: Int
    /// feature → method name → statistic over the chunks.
    public var features: [String: [String: ChunkStatistic]]

    public static let methods: [DriftMethod] = [.psi, .wasserstein, .js]

    public init(chunkSize: Int, chunks: Int, features: [String: [String: ChunkStatistic]]) {
        self.chunkSize = chunkSize
        self.chunks = chunks
        self.features = features
    }

    enum CodingKeys: String, CodingKey {
        case chunks, features
        case chunkSize = "chunk_size"
    }

    /// `numpy.mean` and `numpy.std` (ddof=0) of one method's chunk statistics.
    public struct ChunkStatistic: Codable, Sendable, Equatable {
        public var mean: Double
        public var std: Double
        public var chunkValues: [Double]

        public init(mean: Double, std: Double, chunkValues: [Double]) {
            self.mean = mean
            self.std = std
            self.chunkValues = chunkValues
        }

        enum CodingKeys: String, CodingKey {
            case mean, std
            case chunkValues = "chunk_values"
        }

        /// warning = mean + 3σ, critical = mean + 5σ (SPEC section 6).
        public var thresholds: DriftThresholds {
            DriftThresholds(warning: mean + 3 * std, critical: mean + 5 * std)
        }
    }

    /// The block for numeric feature columns given as rows in input order (NaN for missing).
    public static func compute(rows: [String: [Double]], rowCount: Int, chunkSize: Int) -> AdaptiveReference {
        let chunks = chunkSize > 0 ? rowCount / chunkSize : 0
        var features: [String: [String: ChunkStatistic]] = [:]
        if chunks >= 2 {
            for (name, column) in rows {
                var padded = column
                if padded.count < rowCount { padded += [Double](repeating: .nan, count: rowCount - padded.count) }
                var byMethod: [String: ChunkStatistic] = [:]
                let found = adaptiveThresholds(reference: padded, chunkSize: chunkSize, methods: methods,
                                               baseline: .restOfReference)
                for (method, t) in found {
                    byMethod[method.rawValue] = ChunkStatistic(
                        mean: t.mean, std: t.standardDeviation, chunkValues: t.chunkValues)
                }
                if !byMethod.isEmpty { features[name] = byMethod }
            }
        }
        return AdaptiveReference(chunkSize: chunkSize, chunks: chunks, features: features)
    }
}
