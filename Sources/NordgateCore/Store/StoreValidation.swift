/// Checks on values before they reach the database.
enum StoreValidation {
    /// A message id: a UUID in its 36-character text form, returned in lowercase.
    static func messageID(_ id: String, field: String = "id") throws(StoreError) -> String {
        let bytes = Array(id.utf8)
        guard bytes.count == 36 else { throw .invalidInput(field: field, reason: "is not a UUID") }
        for (offset, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                guard byte == UInt8(ascii: "-") else { throw .invalidInput(field: field, reason: "is not a UUID") }
            } else {
                guard isHexDigit(byte) else { throw .invalidInput(field: field, reason: "is not a UUID") }
            }
        }
        return id.lowercased()
    }

    /// An authority id such as `DK-CA`.
    static func authority(_ value: String, field: String) throws(StoreError) {
        guard AuthorityID.isValid(value) else { throw .invalidInput(field: field, reason: "is not an authority id") }
    }

    /// A short code: 1 to ``StoreLimits/maxTokenBytes`` bytes of letters, digits and `. _ - : / + =`.
    static func token(_ value: String, field: String) throws(StoreError) {
        guard (1...StoreLimits.maxTokenBytes).contains(value.utf8.count),
            value.utf8.allSatisfy({ isTokenByte($0) })
        else {
            throw .invalidInput(
                field: field,
                reason: "must be 1 to \(StoreLimits.maxTokenBytes) of A-Z a-z 0-9 . _ - : / + ="
            )
        }
    }

    /// A byte string whose length lies in `range`.
    static func bytes(_ value: [UInt8], field: String, range: ClosedRange<Int>) throws(StoreError) {
        guard range.contains(value.count) else {
            throw .invalidInput(
                field: field,
                reason: "is \(value.count) bytes, expected \(range.lowerBound)...\(range.upperBound)"
            )
        }
    }

    /// A listing limit between 1 and ``StoreLimits/maxListLimit``.
    static func limit(_ value: Int) throws(StoreError) {
        guard (1...StoreLimits.maxListLimit).contains(value) else {
            throw .invalidInput(field: "limit", reason: "must be 1...\(StoreLimits.maxListLimit)")
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || ".-_:/+=".utf8.contains(byte)
    }
}
