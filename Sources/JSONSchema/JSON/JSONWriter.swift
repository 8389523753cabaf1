/// Writes a ``JSONValue`` as JSON text, compact or indented, keeping object key order.
struct JSONWriter {
    /// The UTF-8 text written so far.
    private(set) var output: [UInt8] = []
    private let pretty: Bool

    /// Makes a writer; `pretty` adds newlines and two-space indentation.
    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// Appends `value`, nested `level` deep (used for indentation).
    mutating func write(_ value: JSONValue, level: Int = 0) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .number(let number):
            JSONTextFormat.appendNumber(number, longIntegersPlain: true, to: &output)
        case .string(let string):
            JSONTextFormat.appendString(string, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                write(element, level: level + 1)
            }
            newline(level: level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(level: level + 1)
                JSONTextFormat.appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member, level: level + 1)
            }
            newline(level: level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(level: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }
}
