import JSONSchema
import Testing

@Suite
struct FormatTests {
    @Test
    func formatsAreAnnotationsByDefault() throws {
        let v = try validator(#"{"format": "date"}"#)
        #expect(v.accepts(#""not a date""#))
    }

    @Test(arguments: [
        ("date-time", "2026-11-29T03:45:00Z", true), ("date-time", "2026-11-29 03:45:00Z", false),
        ("date", "2024-02-29", true), ("date", "2023-02-29", false),
        ("time", "23:59:60Z", true), ("time", "12:00:00", false),
        ("duration", "P1Y2M3DT4H5M6S", true), ("duration", "P1Y2D", false),
        ("email", "a.b@example.com", true), ("email", "a..b@example.com", false),
        ("hostname", "xn--bcher-kva.example", true), ("hostname", "-bad.example", false),
        ("ipv4", "192.168.0.1", true), ("ipv4", "192.168.0.01", false),
        ("ipv6", "2001:db8::1", true), ("ipv6", "2001:db8:::1", false),
        ("uri", "https://example.test/a?b#c", true), ("uri", "/relative", false),
        ("uri-reference", "../x#y", true), ("uri-reference", "a b", false),
        ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", true), ("uuid", "2eb8aa08aa9811eab4aa73b441d16380", false),
        ("regex", "^[a-z]+$", true), ("regex", "(unclosed", false),
        ("json-pointer", "/a~1b/0", true), ("json-pointer", "a/b", false),
        ("relative-json-pointer", "1/a", true), ("relative-json-pointer", "-1/a", false),
        ("iri", "https://bücher.example/ä", true), ("idn-hostname", "bücher.example", true),
        ("idn-email", "jörg@bücher.example", true), ("uri-template", "/users/{id}{?q*}", true),
        ("uri-template", "/users/{id", false),
    ])
    func assertionModeChecksFormats(format: String, value: String, expected: Bool) throws {
        let v = try validator(#"{"format": "\#(format)"}"#, assertFormats: true)
        #expect(v.isValid(.string(value)) == expected)
        #expect(v.isValid(42))
    }

    @Test
    func unknownFormatsAreNeverAsserted() throws {
        let v = try validator(#"{"format": "x-custom"}"#, assertFormats: true)
        #expect(v.accepts(#""anything""#))
    }

    @Test
    func formatErrorNamesTheFormatButNotTheValue() throws {
        let v = try validator(#"{"format": "email"}"#, assertFormats: true)
        let error = try #require(v.validate("secret-value").errors.first)
        #expect(error.error == "string is not a valid email")
        #expect(error.keywordLocation == "/format")
    }
}
