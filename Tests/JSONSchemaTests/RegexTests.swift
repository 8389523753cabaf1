import Foundation
import Testing

@testable import JSONSchema

@Suite
struct RegexTests {
    /// Patterns the automaton takes: the message schemas' own and the benchmark's, plus syntax corners.
    static let automatonPatterns = [
        "^[A-Z]{2}-[0-9]{4}-[0-9]{6}$", "^[A-Z]{2}$", "^\\+[0-9]{6,15}$", "^[a-z]{2,3}$", "^[0-9A-Z -]{3,10}$",
        "^[A-EX]$", "a+b", "^a*a*b$", "[0-9]+$", "^\\d{3}\\w?$", "x?y{2,}", "^[-a]+$", "^[\\-.]{2}$",
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?Z$",
        "^(NO|DK|SE|FI|IS)-(CA|POL)$", "^[A-Za-z0-9][A-Za-z0-9._/:-]*$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
        "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$", "^[a-z0-9]+(-[a-z0-9]+)*$",
        "^psn:v1:[0-9]+:[a-z2-7]+$", "^[1-9][0-9]?(\\([0-9a-z]{1,2}\\))*$", "^\\+[1-9][0-9]{6,14}$",
        "(a|b)", "^.$", "[^a]", "é+", "^é$", "e", "abc", "^abc", "abc$", "", "^$", "a|^b|c$", "$^", "a$b",
        "(a*)*b", "(?:x|)+y", "(?<year>[0-9]{4})", "\\u00e9", "\\u{1F600}", "\\uD83D\\uDE00", "[\\u{1F600}-\\u{1F64F}]",
        "\\x41\\t", "[\\s\\S]", "[^]", "[]", "\\S+\\s", "[\\D]", "\\W", "[.$^()|*+?{}]", "\\.\\*\\/", "a{0}b",
        "a{2,3}?c", "[\\b]", "\\0", "[😀-🙏]", "^[^\\u0000-\\u007F]+$",
    ]

    /// Patterns the automaton leaves to ICU.
    static let icuPatterns = [
        "\\p{L}", "a{2}{3}", "(?=a)", "\\bfoo", "(a)\\1", "(?<n>a)\\k<n>", "(?<=a)b", "\\cJ", "a{1001}", "(?i:a)",
    ]

    /// Inputs every pattern is tried on, beside generated ones.
    static let inputs = [
        "", "AB-2024-123456", "ab-2024-123456", "NO", "NOR", "+4712345678", "+47", "no", "nob", "nobx", "0150 A",
        "A", "X", "F", "aab", "xaaab", "ab12", "123", "123_", "١٢٣", "yy", "xyyy", "-a-", "-.", "AB-2024-123456\n",
        "😀ab", "a😀b", "2026-11-29", "2026-13-01", "2026-02-30", "2026-1-01", "2026-11-29\n", "x2026-11-29",
        "2026-11-29T10:20:30Z", "2026-11-29T24:00:00Z", "2026-11-29T23:59:60.123456789Z", "2026-11-29T23:59:60.Z",
        "NO-CA", "DK-POL", "SE-POLX", "IS-CA ", "a@b.c", "a b@c.d", "x@y", "é@ë.ü", "QUJD", "QUI=", "QQ==", "QQ=",
        "nordic-police", "-police", "police-", "psn:v1:1:abcd234", "psn:v1::abc", "12(ab)(c)", "0(a)",
        "é", "e\u{301}", "ée", "e", "abc", "xabcx", "b", "c", "ab", "\u{2028}", "\n", "\r", "\u{A0}", "\u{FEFF}",
        "x", "xy", "y", "\u{1F600}", "\u{1F64F}", "\u{1F650}", "At", "A\t", "\u{8}", "\0", "$", "^", "(", "*", "/",
        ".*/", "aac", "aaac", "aaaac", "b", "Ω", "ΩΩ", "日本", "ab\u{0}",
    ]

    /// Letters for generated inputs: ASCII classes, separators, non-ASCII letters, a combining mark, an emoji,
    /// line terminators and white space outside ASCII.
    static let alphabet: [Character] = Array(
        "aAbBcexyzZ09125-+.:@/=T (\\)\u{A0}éÅ\u{301}😀\n\u{2028}\tΩ")

    static func generatedInputs(seed: UInt64, count: Int) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            String((0..<Int(next() % 14)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
    }

    @Test(arguments: automatonPatterns)
    func automatonAgreesWithTheICUEngine(pattern: String) throws {
        let automaton = try #require(RegexAutomaton(pattern), "pattern should take the automaton")
        let regex = try #require(ECMARegex(pattern))
        #expect(regex.usesAutomaton)
        var seed: UInt64 = 0
        for byte in pattern.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        for input in Self.inputs + Self.generatedInputs(seed: seed, count: 400) {
            let expected = regex.icuMatches(input)
            #expect(automaton.matches(input) == expected, "\(pattern) on \(input.debugDescription)")
            var copy = input
            copy.withUTF8 { bytes in
                #expect(regex.matches(utf8: bytes) == expected, "\(pattern) on bytes of \(input.debugDescription)")
            }
        }
    }

    @Test(arguments: icuPatterns)
    func otherPatternsUseTheFullEngine(pattern: String) {
        #expect(RegexAutomaton(pattern) == nil)
        if let regex = ECMARegex(pattern) { #expect(!regex.usesAutomaton) }
    }

    /// Found by FuzzSchema: ICU patterns longer than 256 UTF-16 units take another path in Foundation (its
    /// pattern copy is then allocated and, on Linux, never freed; `scripts/sanitizers/lsan.supp`). They must
    /// compile and match like short ones.
    @Test
    func patternsLongerThanFoundationsStackBufferCompileAndMatch() throws {
        let regex = try #require(ECMARegex("^(?=x)" + String(repeating: "x", count: 300) + "$"))
        #expect(!regex.usesAutomaton)
        #expect(regex.matches(String(repeating: "x", count: 300)))
        #expect(!regex.matches(String(repeating: "x", count: 299)))
        #expect(!regex.matches(String(repeating: "x", count: 301)))
    }

    @Test
    func literalPatternsCompareScalarsNotCanonicalEquivalence() throws {
        // ECMA-262 compares code points: a precomposed é is not an e followed by a combining acute accent.
        let exact = try #require(ECMARegex("^é$"))
        #expect(exact.matches("é"))
        #expect(!exact.matches("e\u{301}"))
        let contains = try #require(ECMARegex("e"))
        #expect(contains.matches("e\u{301}"))
    }

    @Test
    func ecmaOnlySyntaxIsRejected() {
        #expect(ECMARegex("(?i)abc") == nil)
        #expect(ECMARegex("(?#comment)a") == nil)
        #expect(ECMARegex("(?P<name>x)") == nil)
        #expect(ECMARegex("\\a") == nil)
        #expect(ECMARegex("(?<=a+)b") != nil)
        #expect(ECMARegex("(?<name>x)\\k<name>") != nil)
    }
}
