import Foundation
import Testing

@testable import JSONSchema

@Suite
struct RegexTests {
    static let patterns = [
        "^[A-Z]{2}-[0-9]{4}-[0-9]{6}$", "^[A-Z]{2}$", "^\\+[0-9]{6,15}$", "^[a-z]{2,3}$", "^[0-9A-Z -]{3,10}$",
        "^[A-EX]$", "a+b", "^a*a*b$", "[0-9]+$", "^\\d{3}\\w?$", "x?y{2,}", "^[-a]+$", "^[\\-.]{2}$",
    ]
    static let inputs = [
        "", "AB-2024-123456", "ab-2024-123456", "NO", "NOR", "+4712345678", "+47", "no", "nob", "nobx", "0150 A",
        "A", "X", "F", "aab", "xaaab", "ab12", "123", "123_", "١٢٣", "yy", "xyyy", "-a-", "-.", "AB-2024-123456\n",
        "😀ab", "a😀b",
    ]

    @Test(arguments: patterns)
    func simplePatternsAgreeWithTheICUEngine(pattern: String) throws {
        let simple = try #require(SimplePattern(pattern), "pattern should take the fast path")
        let translated = try #require(ECMARegex.translate(pattern))
        let icu = try NSRegularExpression(pattern: translated)
        for input in Self.inputs {
            let expected = icu.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count)) != nil
            #expect(simple.matches(input) == expected, "\(pattern) on \(input.debugDescription)")
        }
    }

    @Test(arguments: ["(a|b)", "^.$", "[^a]", "\\p{L}", "é+", "a{2}{3}", "(?=a)"])
    func otherPatternsUseTheFullEngine(pattern: String) {
        #expect(SimplePattern(pattern) == nil)
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
