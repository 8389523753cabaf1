import JSONSchema
import Testing

/// The string scanner reads eight bytes at a time and builds strings of up to 15 bytes inline; these
/// tests put quotes, escapes, control and non-ASCII bytes at every position of a word and at both
/// sides of the 15/16-byte boundary, and check keys and values against the byte-at-a-time meaning.
struct JSONParserStringScanTests {
    /// Every length from 0 to 40, so the closing quote falls at every offset of an eight-byte word.
    @Test(arguments: 0...40)
    func plainStringsOfEveryLengthKeepTheirBytes(length: Int) throws {
        let text = String((0..<length).map { Character(UnicodeScalar(UInt8(0x41 + $0 % 26))) })
        let document = "{\"\(text)\":\"\(text)\",\"k\(text)\":[\"\(text)\"]}"
        let value = try JSONParser.parse(Array(document.utf8))
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object[text] == .string(text))
        #expect(object["k" + text] == .array([.string(text)]))
        #expect(Array(try #require(object[text]?.stringValue).utf8) == Array(text.utf8))
    }

    @Test(arguments: 0...17)
    func anEscapeAtAnyOffsetIsDecoded(offset: Int) throws {
        let prefix = String(repeating: "a", count: offset)
        let value = try JSONParser.parse(Array("[\"\(prefix)\\n\(prefix)\"]".utf8))
        #expect(value == .array([.string(prefix + "\n" + prefix)]))
    }

    @Test(arguments: 0...17)
    func aControlByteAtAnyOffsetIsRejectedWhereItIs(offset: Int) {
        let bytes = Array("[\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: offset) + [0x1F]
            + Array("aaaaaaaaaaaaaaaa\"]".utf8)
        #expect(throws: JSONParseError(offset: 2 + offset, reason: .controlCharacterInString)) {
            try JSONParser.parse(bytes)
        }
    }

    @Test(arguments: 0...17)
    func invalidUTF8AtAnyOffsetIsRejectedWhereItIs(offset: Int) {
        let bytes = Array("[\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: offset) + [0xC3, 0x28]
            + Array("aaaaaaaaaaaaaaaa\"]".utf8)
        #expect(throws: JSONParseError(offset: 2 + offset, reason: .invalidUTF8)) {
            try JSONParser.parse(bytes)
        }
    }

    /// Short strings with multi-byte characters take the inline path but are still exact scalars.
    @Test(arguments: ["é", "e\u{301}", "ÆØÅ", "日本語", "a😀b", "abcdefghijklmé", "abcdefghijklmn😀"])
    func shortNonASCIIStringsKeepTheirScalars(text: String) throws {
        let value = try JSONParser.parse(Array("{\"\(text)\":\"\(text)\"}".utf8))
        let stored = try #require(value[text]?.stringValue)
        #expect(Array(stored.unicodeScalars) == Array(text.unicodeScalars))
        #expect(value.objectValue?.keys.map { Array($0.utf8) } == [Array(text.utf8)])
    }

    @Test
    func keysDifferingOnlyAfterTheirFirstSevenBytesAreDistinct() throws {
        let value = try JSONParser.parse(Array("{\"abcdefgh1\":1,\"abcdefgh2\":2,\"abcdefg\":3}".utf8))
        #expect(value["abcdefgh1"] == 1)
        #expect(value["abcdefgh2"] == 2)
        #expect(value["abcdefg"] == 3)
        #expect(throws: JSONParseError(offset: 15, reason: .duplicateKey)) {
            try JSONParser.parse(Array("{\"abcdefgh1\":1,\"abcdefgh1\":2}".utf8))
        }
    }

    /// An escaped key and its plain spelling are the same key, whichever comes first and however long.
    @Test(arguments: ["a", "abcdefg", "abcdefgh", "abcdefghijklmnopqrstuvwxyz"])
    func escapedAndPlainSpellingsOfAKeyAreDuplicates(key: String) {
        let escaped = "\\u0061" + key.dropFirst()
        let plainFirst = "{\"\(key)\":1,\"\(escaped)\":2}"
        #expect(throws: JSONParseError(offset: key.utf8.count + 6, reason: .duplicateKey)) {
            try JSONParser.parse(Array(plainFirst.utf8))
        }
        let escapedFirst = "{\"\(escaped)\":1,\"\(key)\":2}"
        #expect(throws: JSONParseError(offset: escaped.utf8.count + 6, reason: .duplicateKey)) {
            try JSONParser.parse(Array(escapedFirst.utf8))
        }
    }

    /// Objects of up to 32 members are searched without a hash index, larger ones with one; both find
    /// every key and reject duplicates.
    @Test(arguments: [1, 12, 13, 32, 33, 70])
    func objectsOfAnySizeFindEveryKeyAndRejectDuplicates(count: Int) throws {
        let members = (0..<count).map { "\"key\($0)\":\($0)" }
        let value = try JSONParser.parse(Array("{\(members.joined(separator: ","))}".utf8))
        let object = try #require(value.objectValue)
        #expect(object.count == count)
        for index in 0..<count { #expect(object["key\(index)"] == .number(JSONNumber(index))) }
        #expect(object["key\(count)"] == nil)
        let duplicated = "{\(members.joined(separator: ",")),\"key0\":0}"
        #expect(throws: JSONParseError(offset: duplicated.utf8.count - 9, reason: .duplicateKey)) {
            try JSONParser.parse(Array(duplicated.utf8))
        }
    }
}
