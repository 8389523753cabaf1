/// Writes a ``JSONValue`` as JSON text, compact or indented, keeping object key order.
struct JSONWriter {
    /// The UTF-8 text written so far.
    let output = JSONOutput()
    private let pretty: Bool

    /// Makes a writer; `pretty` adds newlines and two-space indentation.
    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// Appends `value`, nested `level` deep (used for indentation).
    func write(_ value: borrowing JSONValue, level: Int = 0) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .number(let number):
            JSONTextFormat.appendNumber(number, longIntegersPlain: true, to: output)
        case .string(let string):
            JSONTextFormat.appendString(string, to: output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append("[]")
                return
            }
            output.append(UInt8(ascii: "["))
            for position in elements.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                write(elements[position], level: level + 1)
            }
            newline(level: level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append("{}")
                return
            }
            output.append(UInt8(ascii: "{"))
            // Members are read in place: the object's iterator would copy each key and value out.
            object.withMembers { members in
                for position in members.indices {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    newline(level: level + 1)
                    JSONTextFormat.appendString(members[position].key, to: output)
                    output.append(UInt8(ascii: ":"))
                    if pretty { output.append(UInt8(ascii: " ")) }
                    write(members[position].value, level: level + 1)
                }
            }
            newline(level: level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(level: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(UInt8(ascii: " "), count: 2 * level)
    }
}
