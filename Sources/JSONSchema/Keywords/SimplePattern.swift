/// A fast matcher for the common regular expressions made only of ASCII character sets with
/// counted repetition, optionally anchored, such as `^[A-Z]{2}-[0-9]{4}$` or `^\+[0-9]{6,15}$`.
///
/// It runs on UTF-8 bytes with backtracking over the repetition counts and gives the same answer
/// as ECMA-262 for the patterns it accepts; anything else (groups, alternation, `.`, negated sets,
/// non-ASCII literals, lookaround) is left to ``ECMARegex``'s ICU engine.
struct SimplePattern: Sendable {
    /// One character set (a 128-bit ASCII mask) repeated between `minimum` and `maximum` times.
    struct Item: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var minimum = 1
        var maximum = 1

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
        }
    }

    let items: [Item]
    let anchoredStart: Bool
    let anchoredEnd: Bool

    /// Parses `pattern`; `nil` when it uses syntax outside the simple subset.
    init?(_ pattern: String) {
        var bytes = Array(pattern.utf8)[...]
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        anchoredStart = bytes.first == UInt8(ascii: "^")
        if anchoredStart { bytes = bytes.dropFirst() }
        anchoredEnd = bytes.last == UInt8(ascii: "$") && (bytes.count < 2 || bytes[bytes.endIndex - 2] != UInt8(ascii: "\\"))
        if anchoredEnd { bytes = bytes.dropLast() }
        var items: [Item] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var item = Item()
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.endIndex, Self.addEscape(bytes[index], to: &item) else { return nil }
                index += 1
            case UInt8(ascii: "["):
                index += 1
                guard index < bytes.endIndex, bytes[index] != UInt8(ascii: "^"), bytes[index] != UInt8(ascii: "]")
                else { return nil }
                var previous: UInt8?
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "]") {
                    var literal = bytes[index]
                    if literal == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.endIndex else { return nil }
                        let escaped = bytes[index]
                        if escaped == UInt8(ascii: "d") || escaped == UInt8(ascii: "w") {
                            _ = Self.addEscape(escaped, to: &item)
                            previous = nil
                            index += 1
                            continue
                        }
                        guard Self.isSyntaxCharacter(escaped) || escaped == UInt8(ascii: "-") else { return nil }
                        literal = escaped
                    } else if literal == UInt8(ascii: "[") {
                        return nil
                    } else if literal == UInt8(ascii: "-"), let start = previous, index + 1 < bytes.endIndex,
                        bytes[index + 1] != UInt8(ascii: "]")
                    {
                        let end = bytes[index + 1]
                        guard end != UInt8(ascii: "\\"), end != UInt8(ascii: "["), start <= end else { return nil }
                        item.insert(start...end)
                        previous = nil
                        index += 2
                        continue
                    }
                    item.insert(literal)
                    previous = literal
                    index += 1
                }
                guard index < bytes.endIndex else { return nil }
                index += 1
            case UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"),
                UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"),
                UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                item.insert(byte)
                index += 1
            }
            // Quantifier.
            if index < bytes.endIndex {
                switch bytes[index] {
                case UInt8(ascii: "?"): (item.minimum, item.maximum) = (0, 1); index += 1
                case UInt8(ascii: "*"): (item.minimum, item.maximum) = (0, Int.max); index += 1
                case UInt8(ascii: "+"): (item.minimum, item.maximum) = (1, Int.max); index += 1
                case UInt8(ascii: "{"):
                    guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                    let parts = bytes[(index + 1)..<close].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                    guard (1...2).contains(parts.count), let low = Self.number(parts[0]) else { return nil }
                    var high = low
                    if parts.count == 2 {
                        if parts[1].isEmpty { high = Int.max } else { guard let value = Self.number(parts[1]) else { return nil }; high = value }
                    }
                    guard low <= high else { return nil }
                    (item.minimum, item.maximum) = (low, high)
                    index = close + 1
                default: break
                }
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "+")
                    || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "{")
                {
                    return nil
                }
            }
            items.append(item)
        }
        guard items.count <= 16 else { return nil }
        self.items = items
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(ASCII.isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    private static func isSyntaxCharacter(_ byte: UInt8) -> Bool {
        "^$\\.*+?()[]{}|/".utf8.contains(byte)
    }

    private static func addEscape(_ escaped: UInt8, to item: inout Item) -> Bool {
        switch escaped {
        case UInt8(ascii: "d"): item.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        case UInt8(ascii: "w"):
            item.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
            item.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
            item.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            item.insert(UInt8(ascii: "_"))
        case UInt8(ascii: "t"): item.insert(9)
        case UInt8(ascii: "n"): item.insert(10)
        case UInt8(ascii: "r"): item.insert(13)
        default:
            guard isSyntaxCharacter(escaped) || escaped == UInt8(ascii: "-") else { return false }
            item.insert(escaped)
        }
        return true
    }

    /// Whether the pattern matches somewhere in `string` (or the whole of it, when anchored).
    func matches(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            if anchoredStart { return match(0, 0, bytes) }
            for start in 0...bytes.count where match(0, start, bytes) { return true }
            return false
        }
    }

    private func match(_ itemIndex: Int, _ position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if itemIndex == items.count { return !anchoredEnd || position == bytes.count }
        let item = items[itemIndex]
        var count = 0
        while count < item.maximum, position + count < bytes.count, item.contains(bytes[position + count]) {
            count += 1
        }
        if count < item.minimum { return false }
        while true {
            if match(itemIndex + 1, position + count, bytes) { return true }
            if count == item.minimum { return false }
            count -= 1
        }
    }
}
