/// A window that has closed: its key, its SPEC `window` object and its columns, ready for the
/// stages. Analysis happens only here, once per window.
public struct ClosedWindow: Sendable {
    public var key: WindowKey
    public var info: WindowInfo
    public var buffer: WindowBuffer

    public init(key: WindowKey, info: WindowInfo, buffer: WindowBuffer) {
        self.key = key
        self.info = info
        self.buffer = buffer
    }

    /// The version with the most events (ties: the lowest symbol id, i.e. first seen).
    public var dominantVersion: Symbol? {
        var best: VersionColumn?
        for v in buffer.versions where best == nil || v.events > best!.events { best = v }
        return best?.version ?? nil
    }
}
