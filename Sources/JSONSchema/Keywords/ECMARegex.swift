import Foundation

/// A regular expression with ECMA-262 (Unicode mode) semantics, run by ``RegexAutomaton`` when the
/// pattern is in its subset (as most schema patterns are) and otherwise by ICU through
/// `NSRegularExpression`.
///
/// The pattern is rewritten once so that ICU behaves as ECMA-262 where they differ: `\d`, `\w`
/// and `\s` (and their negations) use ECMA's ASCII digit and word sets and ECMA's whitespace
/// set, `.` excludes only ECMA's four line terminators, `$` matches only at the very end,
/// `[^]` matches anything and `\u{…}` code point escapes are accepted. Escapes that ECMA-262
/// rejects in Unicode mode (such as `\a` or `\e`) make the pattern invalid.
final class ECMARegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable after creation and documented as safe to use
    // from several threads at once.
    private let expression: NSRegularExpression
    /// The same pattern as a deterministic automaton, when it is in the subset ``RegexAutomaton`` takes
    /// (most schema patterns are: anchored character classes, literals, alternations of them). Held as an
    /// unmanaged reference (retained in `init`, released in `deinit`) so that matching borrows it without
    /// reference counting.
    private let automaton: Unmanaged<RegexAutomaton>?

    /// Compiles an ECMA-262 pattern; `nil` when it is not valid or uses syntax the engine lacks.
    init?(_ pattern: String) {
        // ICU refuses an empty pattern, which ECMA-262 allows (it matches every string).
        guard let translated = Self.translate(pattern),
            let expression = try? NSRegularExpression(pattern: translated.isEmpty ? "(?:)" : translated, options: [])
        else { return nil }
        self.expression = expression
        self.automaton = RegexAutomaton(pattern).map { Unmanaged.passRetained($0) }
    }

    deinit {
        automaton?.release()
    }

    /// Whether matching runs on the automaton rather than ICU.
    var usesAutomaton: Bool { automaton != nil }

    /// Whether the pattern matches anywhere in `string` (ECMA-262 `RegExp.prototype.test`).
    func matches(_ string: String) -> Bool {
        if let automaton { return automaton._withUnsafeGuaranteedRef { $0.matches(string) } }
        return icuMatches(string)
    }

    /// Whether the pattern matches anywhere in the string whose valid UTF-8 is `utf8`.
    func matches(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if let automaton { return automaton._withUnsafeGuaranteedRef { $0.matches(utf8: utf8) } }
        return icuMatches(String(decoding: utf8, as: UTF8.self))
    }

    /// ``matches(_:)`` through ICU, whatever the pattern.
    func icuMatches(_ string: String) -> Bool {
        let range = NSRange(location: 0, length: string.utf16.count)
        return expression.firstMatch(in: string, options: [], range: range) != nil
    }

    private static let whitespace =
        "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

    /// Rewrites an ECMA-262 pattern into ICU syntax; `nil` when ECMA-262 would reject it.
    static func translate(_ pattern: String) -> String? {
        let characters = Array(pattern.unicodeScalars)
        var output = ""
        var index = 0
        var inClass = false
        var classStart = false
        var groups: [GroupKind] = []
        while index < characters.count {
            let c = characters[index]
            if c == "\\" {
                index += 1
                guard index < characters.count else { return nil }
                let e = characters[index]
                switch e {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += inClass ? "[^0-9]" : "[^0-9]"
                case "w": output += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += "[^a-zA-Z0-9_]"
                case "s": output += inClass ? whitespace : "[" + whitespace + "]"
                case "S": output += "[^" + whitespace + "]"
                case "b", "B":
                    if inClass {
                        guard e == "b" else { return nil }
                        output += "\\x{08}"
                    } else {
                        output += "\\" + String(e)
                    }
                case "f", "n", "r", "t", "v":
                    output += e == "v" ? "\\x{0B}" : "\\" + String(e)
                case "0":
                    if index + 1 < characters.count, ("0"..."9").contains(characters[index + 1]) { return nil }
                    output += "\\x{0}"
                case "1"..."9":
                    guard !inClass else { return nil }
                    output += "\\" + String(e)
                case "c":
                    guard index + 1 < characters.count, characters[index + 1].properties.isASCIIHexDigit
                        || ("a"..."z").contains(characters[index + 1]) || ("A"..."Z").contains(characters[index + 1])
                    else { return nil }
                    index += 1
                    output += "\\c" + String(characters[index])
                case "x":
                    guard index + 2 < characters.count, characters[index + 1].properties.isASCIIHexDigit,
                        characters[index + 2].properties.isASCIIHexDigit
                    else { return nil }
                    output += "\\x" + String(characters[index + 1]) + String(characters[index + 2])
                    index += 2
                case "u":
                    if index + 1 < characters.count, characters[index + 1] == "{" {
                        var end = index + 2
                        var hex = ""
                        while end < characters.count, characters[end] != "}" {
                            hex.unicodeScalars.append(characters[end])
                            end += 1
                        }
                        guard end < characters.count, !hex.isEmpty, hex.count <= 6,
                            let value = UInt32(hex, radix: 16), value <= 0x10FFFF
                        else { return nil }
                        output += "\\x{" + hex + "}"
                        index = end
                    } else {
                        guard index + 4 < characters.count,
                            (1...4).allSatisfy({ characters[index + $0].properties.isASCIIHexDigit })
                        else { return nil }
                        output += "\\u" + (1...4).map { String(characters[index + $0]) }.joined()
                        index += 4
                    }
                case "p", "P":
                    guard index + 1 < characters.count, characters[index + 1] == "{" else { return nil }
                    var end = index + 1
                    var name = ""
                    while end < characters.count, characters[end] != "}" {
                        name.unicodeScalars.append(characters[end])
                        end += 1
                    }
                    guard end < characters.count else { return nil }
                    output += "\\" + String(e) + name + "}"
                    index = end
                case "k":
                    guard !inClass, index + 1 < characters.count, characters[index + 1] == "<" else { return nil }
                    output += "\\k"
                case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
                    output += "\\" + String(e)
                case "-":
                    guard inClass else { return nil }
                    output += "\\-"
                default:
                    return nil
                }
                index += 1
                classStart = false
                continue
            }
            if inClass {
                if c == "]" && !classStart {
                    inClass = false
                    output += "]"
                } else if c == "[" {
                    // A literal bracket in an ECMA class; ICU would read it as a nested set.
                    output += "\\["
                } else if c == "^" && classStart && output.hasSuffix("[") {
                    output += "^"
                    index += 1
                    if index < characters.count && characters[index] == "]" {
                        // `[^]` matches any character.
                        output.removeLast(2)
                        output += "[\\s\\S]"
                        inClass = false
                        index += 1
                    }
                    continue
                } else if c == "]" && classStart {
                    // `[]` matches nothing.
                    output.removeLast()
                    output += "(?!)"
                    inClass = false
                } else if c == "&" {
                    output += "\\" + String(c)
                } else {
                    output.unicodeScalars.append(c)
                }
                classStart = false
                index += 1
                continue
            }
            switch c {
            case "(":
                var kind = GroupKind.plain
                if index + 1 < characters.count && characters[index + 1] == "?" {
                    guard let (length, groupKind) = groupOpening(characters, index + 2) else { return nil }
                    kind = groupKind
                    output += "(?" + String(String.UnicodeScalarView(characters[(index + 2)..<(index + 2 + length)]))
                    index += 2 + length
                } else {
                    output += "("
                    index += 1
                }
                groups.append(kind)
                continue
            case ")":
                guard !groups.isEmpty else { return nil }
                groups.removeLast()
                output += ")"
            case "*" where groups.contains(.lookbehind), "+" where groups.contains(.lookbehind):
                // ICU needs a bounded lookbehind; ECMA-262 allows any length.
                output += c == "*" ? "{0,\(Self.lookbehindBound)}" : "{1,\(Self.lookbehindBound)}"
            case "[":
                inClass = true
                classStart = true
                output += "["
                index += 1
                continue
            case ".":
                output += "[^\\n\\r\\x{2028}\\x{2029}]"
            case "$":
                output += "\\z"
            default:
                output.unicodeScalars.append(c)
            }
            index += 1
        }
        guard !inClass, groups.isEmpty else { return nil }
        return output
    }

    /// The longest match a `*` or `+` inside a lookbehind may take (ICU lookbehinds must be bounded).
    static let lookbehindBound = 1000

    private enum GroupKind {
        case plain, lookbehind
    }

    /// The length of the group syntax after `(?` at `start`, and the group's kind; `nil` when it is
    /// not ECMA-262 syntax (`(?#…)`, `(?i)`, `(?P<…>)` are Python or PCRE only).
    private static func groupOpening(_ characters: [Unicode.Scalar], _ start: Int) -> (Int, GroupKind)? {
        guard start < characters.count else { return nil }
        switch characters[start] {
        case ":", "=", "!":
            return (1, .plain)
        case "<":
            guard start + 1 < characters.count else { return nil }
            if characters[start + 1] == "=" || characters[start + 1] == "!" { return (2, .lookbehind) }
            var end = start + 1
            while end < characters.count, characters[end] != ">" {
                let scalar = characters[end]
                guard scalar.properties.isAlphabetic || scalar == "_" || scalar == "$"
                    || (end > start + 1 && scalar.properties.numericType != nil)
                else { return nil }
                end += 1
            }
            guard end < characters.count, end > start + 1 else { return nil }
            return (end - start + 1, .plain)
        default:
            // ES2025 modifiers: (?ims-ims:...)
            var end = start
            var sawDash = false
            while end < characters.count, "ims".unicodeScalars.contains(characters[end]) || (characters[end] == "-" && !sawDash) {
                if characters[end] == "-" { sawDash = true }
                end += 1
            }
            guard end > start, end < characters.count, characters[end] == ":" else { return nil }
            return (end - start + 1, .plain)
        }
    }
}
