/// A set of JSON Schema type names, as a bit mask for a fast `type` check.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let object = JSONTypeSet(rawValue: 1 << 2)
    static let array = JSONTypeSet(rawValue: 1 << 3)
    static let number = JSONTypeSet(rawValue: 1 << 4)
    static let string = JSONTypeSet(rawValue: 1 << 5)
    static let integer = JSONTypeSet(rawValue: 1 << 6)

    /// The type named `name`, or `nil` for an unknown name.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "string": self = .string
        case "integer": self = .integer
        default: return nil
        }
    }

    /// Whether the value at `index` of `tape` has one of the types in this set (an integer-valued number
    /// is an `integer`).
    @inline(__always)
    func matches(_ tape: JSONTapeView, _ index: Int) -> Bool {
        switch tape.kind(at: index) {
        case .null: contains(.null)
        case .false, .true: contains(.boolean)
        case .object: contains(.object)
        case .array: contains(.array)
        case .string: contains(.string)
        case .number, .bigNumber: contains(.number) || (contains(.integer) && tape.isInteger(at: index))
        }
    }

    /// The names in this set, in a fixed order, for messages.
    var names: [String] {
        let all: [(JSONTypeSet, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"),
            (.number, "number"), (.string, "string"), (.integer, "integer"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}

extension JSONTapeView {
    /// The JSON Schema type name of the value at `index`, for messages ("integer" for whole numbers).
    func schemaTypeName(at index: Int) -> String {
        switch kind(at: index) {
        case .null: "null"
        case .false, .true: "boolean"
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number, .bigNumber: isInteger(at: index) ? "integer" : "number"
        }
    }
}
