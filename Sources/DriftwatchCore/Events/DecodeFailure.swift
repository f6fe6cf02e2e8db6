/// Why a message could not be decoded: one sentence that becomes the dead-letter `error` header
/// (SPEC section 3), e.g. "missing required field model_id" or "invalid UTF-8 at byte 17".
public struct DecodeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The one-sentence reason, without a trailing period.
    public let reason: String
    /// Byte offset into the message where the problem was found, when it is a syntax problem.
    public let offset: Int?

    public init(_ reason: String, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { reason }

    // MARK: Syntax failures (offset is the 0-based byte index into the message)

    static func syntax(_ what: String, at offset: Int) -> DecodeFailure {
        DecodeFailure("invalid JSON at byte \(offset): \(what)", offset: offset)
    }

    static func invalidUTF8(at offset: Int) -> DecodeFailure {
        DecodeFailure("invalid UTF-8 at byte \(offset)", offset: offset)
    }

    static func truncated(at offset: Int) -> DecodeFailure {
        DecodeFailure("invalid JSON: unexpected end of input at byte \(offset)", offset: offset)
    }

    static func unexpected(_ byte: UInt8, at offset: Int, expecting: String) -> DecodeFailure {
        syntax("unexpected \(describe(byte)), expected \(expecting)", at: offset)
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
