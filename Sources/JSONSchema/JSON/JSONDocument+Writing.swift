extension JSONDocument {
    /// The document written as UTF-8 JSON text, without building its ``JSONValue`` tree: the same bytes as
    /// `value.serializedBytes(pretty:)`.
    /// - Parameter pretty: indent nested values by two spaces per level, one member or element a line.
    /// - Returns: the UTF-8 bytes.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        withExtendedLifetime(tape) {
            let writer = JSONTapeWriter(view: tape.view, pretty: pretty)
            writer.write(at: Self.rootIndex, level: 0)
            return writer.output.bytes
        }
    }

    /// The document in the JSON Canonicalization Scheme (RFC 8785), without building its ``JSONValue`` tree:
    /// the same bytes as `value.canonicalBytes()`.
    /// - Returns: the canonical UTF-8 bytes.
    /// - Throws: ``CanonicalJSONError`` when a number is not exactly representable as a double.
    public func canonicalBytes() throws(CanonicalJSONError) -> [UInt8] {
        try withExtendedLifetime(tape) { () throws(CanonicalJSONError) -> [UInt8] in
            let writer = JSONTapeWriter(view: tape.view, pretty: false)
            try writer.writeCanonical(at: Self.rootIndex)
            return writer.output.bytes
        }
    }
}

/// Writes the values of a tape as JSON text, in the layouts of ``JSONWriter`` and ``CanonicalJSONWriter``.
struct JSONTapeWriter {
    let view: JSONTapeView
    let pretty: Bool
    /// The UTF-8 text written so far.
    let output: JSONOutput

    init(view: JSONTapeView, pretty: Bool) {
        self.view = view
        self.pretty = pretty
        output = JSONOutput(capacity: 4096)
    }

    /// Appends the value at `index` as ``JSONWriter`` writes it, nested `level` deep.
    func write(at index: Int, level: Int) {
        let entry = view[index]
        switch entry.kind {
        case .null: output.append("null")
        case .false: output.append("false")
        case .true: output.append("true")
        case .number, .bigNumber: writeNumber(at: index, canonical: false)
        case .string: JSONTextFormat.appendString(utf8: view.utf8(at: index), to: output)
        case .array:
            guard entry.length > 0 else { return output.append("[]") }
            output.append(UInt8(ascii: "["))
            var element = index &+ 1
            for position in 0..<Int(entry.length) {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                write(at: element, level: level + 1)
                element = view.next(after: element)
            }
            newline(level: level)
            output.append(UInt8(ascii: "]"))
        case .object:
            guard entry.length > 0 else { return output.append("{}") }
            output.append(UInt8(ascii: "{"))
            var key = index &+ 1
            for position in 0..<Int(entry.length) {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                JSONTextFormat.appendString(utf8: view.utf8(at: key), to: output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(at: key &+ 1, level: level + 1)
                key = view.next(after: key &+ 1)
            }
            newline(level: level)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the value at `index` as ``CanonicalJSONWriter`` writes it.
    func writeCanonical(at index: Int) throws(CanonicalJSONError) {
        let entry = view[index]
        switch entry.kind {
        case .null, .false, .true, .string:
            write(at: index, level: 0)
        case .number, .bigNumber:
            // A whole number of at most 15 digits is exactly a double (the check's own fast path), without
            // spelling out its digits first.
            if let inline = view.inlineNumber(at: index), inline.exponent == 0, inline.significand < 1_000_000_000_000_000
            {
                return writeNumber(at: index, canonical: true)
            }
            try CanonicalJSONWriter.checkIsDouble(view.number(at: index))
            writeNumber(at: index, canonical: true)
        case .array:
            output.append(UInt8(ascii: "["))
            var element = index &+ 1
            for position in 0..<Int(entry.length) {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                try writeCanonical(at: element)
                element = view.next(after: element)
            }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            // RFC 8785 section 3.2.3: members sorted by the keys' UTF-16 code units.
            var keys: [Int] = []
            keys.reserveCapacity(Int(entry.length))
            var key = index &+ 1
            for _ in 0..<Int(entry.length) {
                keys.append(key)
                key = view.next(after: key &+ 1)
            }
            keys.sort { CanonicalJSONWriter.utf16Precedes(view.utf8(at: $0), view.utf8(at: $1)) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONTextFormat.appendString(utf8: view.utf8(at: key), to: output)
                output.append(UInt8(ascii: ":"))
                try writeCanonical(at: key &+ 1)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the number at `index`: an inline whole number straight from its digits, any other through
    /// ``JSONTextFormat/appendNumber(_:longIntegersPlain:to:)``.
    private func writeNumber(at index: Int, canonical: Bool) {
        if let inline = view.inlineNumber(at: index), inline.exponent == 0 {
            // At most 20 digits, within the 21 every layout writes plainly; zero is never negative.
            let significand = inline.significand
            if inline.negative && significand != 0 { output.append(UInt8(ascii: "-")) }
            output.append(atMost: 20) { target in
                var digits = significand
                var count = 0
                repeat {
                    count &+= 1
                    digits /= 10
                } while digits > 0
                digits = significand
                for position in stride(from: count &- 1, through: 0, by: -1) {
                    target[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digits % 10)
                    digits /= 10
                }
                return count
            }
            return
        }
        JSONTextFormat.appendNumber(view.number(at: index), longIntegersPlain: !canonical, to: output)
    }

    private func newline(level: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(UInt8(ascii: " "), count: 2 * level)
    }
}
