// Conversions between a tape and the JSONValue tree.

extension JSONTape {
    /// A tape of `value`, with every string copied into the tape's own buffer.
    convenience init(encoding value: JSONValue) {
        self.init(
            source: UnsafeBufferPointer(start: nil, count: 0), copySource: false, expectedEntries: 256,
            expectedSideBytes: 2048)
        encode(value)
    }

    /// Appends `value`, copying its strings into the tape's own buffer.
    func encode(_ value: borrowing JSONValue) {
        switch value {
        case .null:
            append(Entry(header: UInt32(Kind.null.rawValue), length: 0, payload: 0))
        case .bool(let bool):
            append(Entry(header: UInt32((bool ? Kind.true : Kind.false).rawValue), length: 0, payload: 0))
        case .number(let number):
            encode(number)
        case .string(let string):
            encode(string)
        case .array(let elements):
            let start = append(Entry(header: UInt32(Kind.array.rawValue), length: 0, payload: 0))
            // Elements are read in place, not copied out one by one.
            elements.withUnsafeBufferPointer { elements in
                for index in elements.indices { encode(elements[index]) }
            }
            close(start, count: elements.count)
        case .object(let object):
            let start = append(Entry(header: UInt32(Kind.object.rawValue), length: 0, payload: 0))
            object.withMembers { members in
                for index in members.indices {
                    encode(members[index].key)
                    encode(members[index].value)
                }
            }
            close(start, count: object.count)
        }
    }

    /// Appends a string entry for `string` (a value or a key), copying it into the tape's own buffer.
    func encode(_ string: borrowing String) {
        let (offset, length) =
            string.utf8.withContiguousStorageIfAvailable { (appendSide($0), $0.count) }
            ?? Array(string.utf8).withUnsafeBufferPointer { (appendSide($0), $0.count) }
        append(
            Entry(
                header: UInt32(Kind.string.rawValue) | Self.sideFlag, length: UInt32(truncatingIfNeeded: length),
                payload: UInt64(offset)))
    }

    private func encode(_ number: borrowing JSONNumber) {
        let digits = number.significand.utf8
        if digits.count <= 19, let exponent = Int32(exactly: number.exponent) {
            var significand: UInt64 = 0
            for digit in digits { significand = significand &* 10 &+ UInt64(digit &- UInt8(ascii: "0")) }
            append(
                Entry(
                    header: UInt32(Kind.number.rawValue) | (number.negative ? Self.negativeFlag : 0),
                    length: UInt32(bitPattern: exponent), payload: significand))
        } else {
            append(Entry(header: UInt32(Kind.bigNumber.rawValue), length: 0, payload: UInt64(appendNumber(copy number))))
        }
    }
}

extension JSONTapeView {
    /// The value at `index` as a ``JSONValue`` tree.
    func value(at index: Int) -> JSONValue {
        let entry = entries[index]
        switch entry.kind {
        case .null:
            return .null
        case .false:
            return .bool(false)
        case .true:
            return .bool(true)
        case .number, .bigNumber:
            return .number(number(at: index))
        case .string:
            return .string(string(at: index))
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(entry.length))
            let end = self.end(of: index)
            var element = index &+ 1
            while element < end {
                elements.append(value(at: element))
                element = next(after: element)
            }
            return .array(elements)
        case .object:
            var members: [JSONObject.Member] = []
            members.reserveCapacity(Int(entry.length))
            let end = self.end(of: index)
            var key = index &+ 1
            while key < end {
                members.append(JSONObject.Member(key: string(at: key), value: value(at: key &+ 1)))
                key = next(after: key &+ 1)
            }
            return .object(JSONObject(distinctMembers: members, index: nil))
        }
    }
}
