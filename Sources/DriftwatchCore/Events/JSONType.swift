/// The JSON type a value starting with a byte has, for messages.
enum JSONType {
    case string, number, bool, null, object, array, invalid

    init(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): self = .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): self = .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .bool
        case UInt8(ascii: "n"): self = .null
        case UInt8(ascii: "{"): self = .object
        case UInt8(ascii: "["): self = .array
        default: self = .invalid
        }
    }

    var name: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .null: "null"
        case .object: "object"
        case .array: "array"
        case .invalid: "invalid value"
        }
    }
}
