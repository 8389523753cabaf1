/// The parsed form of an ECMA-262 pattern (Unicode mode, no flags) in the subset that describes a regular
/// language, which ``RegexAutomaton`` turns into a deterministic automaton.
///
/// The subset: literal characters, `.`, character classes (negated too) with ranges and the class escapes
/// `\d \D \w \W \s \S`, the character escapes `\t \n \v \f \r \0 \xHH \uHHHH \u{H…}` and escaped syntax
/// characters, groups (capturing, named or not; captures do not change whether a pattern matches), alternation,
/// greedy and lazy quantifiers, and the assertions `^` and `$`. Everything else (word boundaries, lookaround,
/// back references, property escapes, modifiers, `\c`) makes ``parse(_:)`` return `nil`, and the pattern goes to
/// the general engine.
indirect enum RegexSyntax: Equatable {
    /// Matches the empty string.
    case empty
    /// Matches one scalar of the set.
    case scalars(ScalarSet)
    /// Matches the parts one after the other.
    case sequence([RegexSyntax])
    /// Matches any one of the branches.
    case alternation([RegexSyntax])
    /// Matches the body `minimum` to `maximum` times (`nil`: no upper limit).
    case repetition(RegexSyntax, minimum: Int, maximum: Int?)
    /// `^`: only at the start of the input (there is no multiline flag).
    case startAnchor
    /// `$`: only at the end of the input.
    case endAnchor

    /// The largest repetition count accepted; larger counts take the general engine.
    static let maximumCount = 1000

    /// Parses `pattern`; `nil` when it leaves the subset or is not valid ECMA-262.
    static func parse(_ pattern: String) -> RegexSyntax? {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let syntax = parser.alternation(), parser.position == parser.scalars.count else { return nil }
        return syntax
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        private func isNext(_ character: Unicode.Scalar) -> Bool { current == character }

        mutating func alternation() -> RegexSyntax? {
            var branches: [RegexSyntax] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                guard isNext("|") else { break }
                position += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func sequence() -> RegexSyntax? {
            var parts: [RegexSyntax] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                guard let term = term() else { return nil }
                parts.append(term)
            }
            switch parts.count {
            case 0: return .empty
            case 1: return parts[0]
            default: return .sequence(parts)
            }
        }

        private mutating func term() -> RegexSyntax? {
            guard let scalar = current else { return nil }
            position += 1
            let atom: RegexSyntax
            switch scalar {
            case "^", "$":
                // Assertions take no quantifier in Unicode mode.
                if let next = current, Self.startsQuantifier(next) { return nil }
                return scalar == "^" ? .startAnchor : .endAnchor
            case "(":
                if isNext("?") {
                    position += 1
                    if isNext(":") {
                        position += 1
                    } else if isNext("<"), position + 1 < scalars.count, scalars[position + 1] != "=",
                        scalars[position + 1] != "!"
                    {
                        // A named group; the name was checked when the pattern was compiled for ICU.
                        guard let close = scalars[position...].firstIndex(of: ">") else { return nil }
                        position = close + 1
                    } else {
                        return nil
                    }
                }
                guard let inner = alternation(), isNext(")") else { return nil }
                position += 1
                atom = inner
            case ".":
                atom = .scalars(.notLineTerminator)
            case "[":
                guard let set = characterClass() else { return nil }
                atom = .scalars(set)
            case "\\":
                guard let set = atomEscape() else { return nil }
                atom = .scalars(set)
            case "*", "+", "?", "{", "}", "]", ")", "|":
                return nil
            default:
                atom = .scalars(ScalarSet(scalar.value))
            }
            return quantified(atom)
        }

        private static func startsQuantifier(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "*" || scalar == "+" || scalar == "?"
                || scalar == "{"
        }

        private mutating func quantified(_ atom: RegexSyntax) -> RegexSyntax? {
            guard let scalar = current, Self.startsQuantifier(scalar) else { return atom }
            position += 1
            let minimum: Int
            let maximum: Int?
            switch scalar {
            case "*": (minimum, maximum) = (0, nil)
            case "+": (minimum, maximum) = (1, nil)
            case "?": (minimum, maximum) = (0, 1)
            default:
                guard let low = number() else { return nil }
                var high: Int? = low
                if isNext(",") {
                    position += 1
                    high = isNext("}") ? nil : number()
                    if high == nil && !isNext("}") { return nil }
                }
                guard isNext("}") else { return nil }
                position += 1
                if let high, high < low { return nil }
                (minimum, maximum) = (low, high)
            }
            // A lazy quantifier matches the same strings.
            if isNext("?") { position += 1 }
            if let next = current, Self.startsQuantifier(next) { return nil }
            return .repetition(atom, minimum: minimum, maximum: maximum)
        }

        private mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let scalar = current, scalar.value &- 0x30 < 10 {
                value = value * 10 + Int(scalar.value - 0x30)
                digits += 1
                position += 1
                if value > RegexSyntax.maximumCount { return nil }
            }
            return digits > 0 ? value : nil
        }

        /// The escape after a backslash outside a class.
        private mutating func atomEscape() -> ScalarSet? {
            guard let scalar = current else { return nil }
            if let set = classEscape(scalar) {
                position += 1
                return set
            }
            return characterEscape().map { ScalarSet($0) }
        }

        /// `\d \D \w \W \s \S` (the backslash already read, `scalar` not yet).
        private func classEscape(_ scalar: Unicode.Scalar) -> ScalarSet? {
            switch scalar {
            case "d": .digits
            case "D": ScalarSet.digits.complement
            case "w": .wordCharacters
            case "W": ScalarSet.wordCharacters.complement
            case "s": .whitespace
            case "S": ScalarSet.whitespace.complement
            default: nil
            }
        }

        /// A character escape after a backslash; `nil` for anything outside the subset.
        private mutating func characterEscape() -> UInt32? {
            guard let scalar = current else { return nil }
            position += 1
            switch scalar {
            case "t": return 0x09
            case "n": return 0x0A
            case "v": return 0x0B
            case "f": return 0x0C
            case "r": return 0x0D
            case "0":
                if let next = current, next.value &- 0x30 < 10 { return nil }
                return 0
            case "x":
                guard let value = hexDigits(count: 2) else { return nil }
                return value
            case "u":
                if isNext("{") {
                    position += 1
                    var value: UInt32 = 0
                    var digits = 0
                    while let digit = current.flatMap(Self.hexValue) {
                        value = value << 4 | digit
                        digits += 1
                        position += 1
                        if value > ScalarSet.maximum { return nil }
                    }
                    guard digits > 0, isNext("}") else { return nil }
                    position += 1
                    return (0xD800...0xDFFF).contains(value) ? nil : value
                }
                guard let unit = hexDigits(count: 4) else { return nil }
                if (0xD800...0xDBFF).contains(unit) {
                    // A surrogate pair written as two escapes is one code point in Unicode mode.
                    guard isNext("\\"), position + 1 < scalars.count, scalars[position + 1] == "u"
                    else { return nil }
                    position += 2
                    guard let low = hexDigits(count: 4), (0xDC00...0xDFFF).contains(low) else { return nil }
                    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                return (0xDC00...0xDFFF).contains(unit) ? nil : unit
            case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
                return scalar.value
            default:
                return nil
            }
        }

        private mutating func hexDigits(count: Int) -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = current.flatMap(Self.hexValue) else { return nil }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar.value {
            case 0x30...0x39: scalar.value - 0x30
            case 0x41...0x46: scalar.value - 0x41 + 10
            case 0x61...0x66: scalar.value - 0x61 + 10
            default: nil
            }
        }

        /// A class after its `[`, up to and including its `]`.
        private mutating func characterClass() -> ScalarSet? {
            var negated = false
            if isNext("^") {
                negated = true
                position += 1
            }
            var set = ScalarSet()
            while current != nil, !isNext("]") {
                guard let (low, lowSet) = classAtom() else { return nil }
                if let lowSet {
                    // A class escape cannot start a range in Unicode mode.
                    if isNext("-"), position + 1 < scalars.count, scalars[position + 1] != "]" {
                        return nil
                    }
                    set.formUnion(lowSet)
                    continue
                }
                if isNext("-"), position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    guard let (high, highSet) = classAtom(), highSet == nil, low <= high else { return nil }
                    set.insert(low...high)
                } else {
                    set.insert(low...low)
                }
            }
            guard isNext("]") else { return nil }
            position += 1
            return negated ? set.complement : set
        }

        /// One class member: a scalar, or the set of a class escape.
        private mutating func classAtom() -> (UInt32, ScalarSet?)? {
            guard let scalar = current else { return nil }
            position += 1
            guard scalar == "\\" else { return (scalar.value, nil) }
            guard let escaped = current else { return nil }
            if let set = classEscape(escaped) {
                position += 1
                return (0, set)
            }
            if escaped == "b" {
                position += 1
                return (0x08, nil)
            }
            if escaped == "-" {
                position += 1
                return (escaped.value, nil)
            }
            return characterEscape().map { ($0, nil) }
        }
    }
}
