import Foundation

/// Brings a value to the form that is hashed, so that spellings of the same identifier give the
/// same pseudonym. Each category has its own rule (see `docs/privacy.md`, "Pseudonyms").
public enum PseudonymNormalisation {
    /// Normalises `value` for `category`.
    /// - Parameters:
    ///   - value: the value as the record or the free text carries it.
    ///   - category: chooses the rule.
    ///   - callingCode: the country calling code (digits, e.g. `47`) for phone numbers written
    ///     without one; usually the sender's country (``callingCode(forAuthority:)``).
    /// - Returns: the normalised text.
    public static func normalise(_ value: String, category: PseudonymCategory, callingCode: String? = nil) -> String {
        if category != .phone, category != .nationalID, let ascii = asciiNormalise(value, category: category) {
            return ascii
        }
        switch category {
        case .personName, .address, .other:
            if let latin1 = latin1Normalise(value) { return latin1 }
            return collapseWhitespace(caseFold(compatibilityForm(value)))
        case .email:
            return compatibilityForm(value).lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        case .caseRef:
            return collapseWhitespace(compatibilityForm(value)).uppercased()
        case .nationalID:
            if let ascii = asciiNationalID(value) { return ascii }
            return nationalID(compatibilityForm(value).uppercased())
        case .phone:
            return phone(compatibilityForm(value), callingCode: callingCode)
        }
    }

    /// The country calling code of an authority's country (`NO-POL` → `47`), or `nil`.
    public static func callingCode(forAuthority authority: String) -> String? {
        switch authority.prefix(2) {
        case "NO": "47"
        case "DK": "45"
        case "SE": "46"
        case "FI": "358"
        case "IS": "354"
        default: nil
        }
    }

    // MARK: - Steps

    /// The same rules for ASCII text in one pass over its bytes (ASCII is already NFKC, and its case
    /// folding is lower-casing A–Z); `nil` for other text.
    static func asciiNormalise(_ value: String, category: PseudonymCategory) -> String? {
        let utf8 = value.utf8
        var isASCII = true
        let upper = category == .caseRef
        let email = category == .email
        // Written straight into the result, which is never longer than the value.
        let result = String(unsafeUninitializedCapacity: utf8.count) { output in
            var written = 0
            var pendingSpace = false
            for byte in utf8 {
                guard byte < 0x80 else {
                    isASCII = false
                    return 0
                }
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    if email {
                        // Only leading and trailing white space goes; inner white space is kept as it is.
                        if written > 0 {
                            output[written] = byte
                            written += 1
                        }
                    } else {
                        pendingSpace = written > 0
                    }
                    continue
                }
                if pendingSpace {
                    output[written] = 0x20
                    written += 1
                }
                pendingSpace = false
                if upper {
                    output[written] = (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
                } else {
                    output[written] = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                }
                written += 1
            }
            if email {
                while written > 0, output[written - 1] == 0x20 || (0x09...0x0D).contains(output[written - 1]) {
                    written -= 1
                }
            }
            return written
        }
        return isASCII ? result : nil
    }

    /// The rule of `person-name`, `address` and `other` for text of stable Latin-1 scalars (all Nordic
    /// letters) other than `ß`, `µ` and `ÿ`, in one pass: NFKC leaves such text alone, its case folding is
    /// lower-casing `A`–`Z` and `À`–`Þ` (not `×`), and its white space is ASCII white space and U+0085.
    /// `nil` for other text, which takes the general path.
    static func latin1Normalise(_ value: String) -> String? {
        var stable = true
        // Read as UTF-8 (Latin-1 scalars are one byte, or two with lead C2 or C3) and written straight into the
        // result, which is never longer than the value.
        let result = withUTF8(of: value) { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var pendingSpace = false
                var index = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    var code: UInt32
                    if lead < 0x80 {
                        code = UInt32(lead)
                        index += 1
                    } else if lead == 0xC2 || lead == 0xC3, index + 1 < bytes.count {
                        code = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else {
                        stable = false
                        return 0
                    }
                    guard isStableLatin1(Unicode.Scalar(UInt8(code))), code != 0xDF, code != 0xFF else {
                        stable = false
                        return 0
                    }
                    if code == 0x20 || (0x09...0x0D).contains(code) || code == 0x85 {
                        pendingSpace = written > 0
                        continue
                    }
                    if pendingSpace {
                        output[written] = 0x20
                        written += 1
                    }
                    pendingSpace = false
                    if (0x41...0x5A).contains(code) || ((0xC0...0xDE).contains(code) && code != 0xD7) { code += 0x20 }
                    if code < 0x80 {
                        output[written] = UInt8(code)
                        written += 1
                    } else {
                        output[written] = UInt8(0xC0 | (code >> 6))
                        output[written + 1] = UInt8(0x80 | (code & 0x3F))
                        written += 2
                    }
                }
                return written
            }
        }
        return stable ? result : nil
    }

    /// Calls `body` with the UTF-8 bytes of `value` (every native string has them contiguous).
    private static func withUTF8<Result>(of value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(value.utf8).withUnsafeBufferPointer(body)
    }

    /// The rule of `national-id` for ASCII text: upper-cased without a trip through Foundation, then
    /// ``nationalID(_:)``'s separators removed from the bytes. `nil` for other text.
    static func asciiNationalID(_ value: String) -> String? {
        withUTF8(of: value) { input -> String? in
            guard input.allSatisfy({ $0 < 0x80 }) else { return nil }
            @inline(__always) func upper(_ byte: UInt8) -> UInt8 { byte &- 0x61 < 26 ? byte - 0x20 : byte }
            // As in nationalID(_:): only space and tab go before the century-sign check.
            var compact = InlineArray<11, UInt8>(repeating: 0)
            var compactCount = 0
            for byte in input where byte != 0x20 && byte != 0x09 {
                if compactCount < 11 { compact[compactCount] = upper(byte) }
                compactCount += 1
            }
            if compactCount == 11, (0..<6).allSatisfy({ isDigit(compact[$0]) }), (7..<10).allSatisfy({ isDigit(compact[$0]) }) {
                let sign = compact[6]
                switch sign {
                case UInt8(ascii: "+"), UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "-"),
                    UInt8(ascii: "U")...UInt8(ascii: "Y"):
                    // `+` stays, the 2000s signs become `A`, the 1900s signs go.
                    let keepsSign = sign == UInt8(ascii: "+") || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(sign)
                    return String(unsafeUninitializedCapacity: 11) { output in
                        var written = 0
                        for index in 0..<11 where index != 6 || keepsSign {
                            output[written] = index == 6 && sign != UInt8(ascii: "+") ? UInt8(ascii: "A") : compact[index]
                            written += 1
                        }
                        return written
                    }
                default:
                    break
                }
            }
            return String(unsafeUninitializedCapacity: input.count) { output in
                var written = 0
                for byte in input
                where !(byte == 0x20 || (0x09...0x0D).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) {
                    output[written] = upper(byte)
                    written += 1
                }
                return written
            }
        }
    }

    /// Unicode NFKC. Text of Latin-1 letters, digits and punctuation (all Nordic letters) is
    /// already in that form and is returned as it is, without a trip through Foundation.
    static func compatibilityForm(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy(isStableLatin1) { return value }
        return value.precomposedStringWithCompatibilityMapping
    }

    /// Full case folding as far as lower(upper(lower(text))) reaches it (`ß` → `ss`, `Σ` → `σ`).
    static func caseFold(_ value: String) -> String {
        // Latin-1 without ß and µ folds by lowercasing alone.
        if value.unicodeScalars.allSatisfy({ $0.value < 0x100 && $0 != "ß" && $0 != "µ" }) { return value.lowercased() }
        return value.lowercased().uppercased().lowercased()
    }

    /// A scalar below U+0100 that NFKC leaves alone: not a combining sequence start and none of
    /// the compatibility characters of Latin-1 (no-break space, diaeresis, ª, macron, ², ³, acute,
    /// µ, cedilla, ¹, º, ¼, ½, ¾).
    private static func isStableLatin1(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0xA0: true
        case 0xA0, 0xA8, 0xAA, 0xAF, 0xB2, 0xB3, 0xB4, 0xB5, 0xB8, 0xB9, 0xBA, 0xBC, 0xBD, 0xBE: false
        case 0xA1..<0x100: true
        default: false
        }
    }

    /// Trims and joins runs of white space into one space.
    static func collapseWhitespace(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Unicode white space, with ASCII answered without a property lookup.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// Separators (`-`, `+`, white space) removed, except where a sign between birth date and
    /// individual number names a century: `+` (Finnish 1800s, Swedish 100 years or older) is kept,
    /// and the Finnish 2000s signs `A`–`F` become `A`; the 1900s signs (`-`, `Y`–`U`) go like any hyphen.
    static func nationalID(_ value: String) -> String {
        let bytes = Array(value.utf8.filter { $0 != 0x20 && $0 != 0x09 })
        if bytes.count == 11, bytes[0..<6].allSatisfy(isDigit), bytes[7..<10].allSatisfy(isDigit) {
            switch bytes[6] {
            case UInt8(ascii: "+"):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                var canonical = bytes
                canonical[6] = UInt8(ascii: "A")
                return String(decoding: canonical, as: UTF8.self)
            case UInt8(ascii: "-"), UInt8(ascii: "U")...UInt8(ascii: "Y"):
                var canonical = bytes
                canonical.remove(at: 6)
                return String(decoding: canonical, as: UTF8.self)
            default:
                break
            }
        }
        let kept = value.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" && $0 != "+" }
        return String(String.UnicodeScalarView(kept))
    }

    /// A phone number in E.164 form when it can be read as one; `(0)` and a trunk `0` dropped.
    static func phone(_ value: String, callingCode: String?) -> String {
        let code = callingCode.map { Array($0.utf8) } ?? []
        let result = withUTF8(of: value) { bytes -> String? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { digits -> String? in
                var count = 0
                var international = false
                var seenDigit = false
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "("), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"),
                        bytes[index + 1] == UInt8(ascii: ")")
                    {
                        // A trunk zero written "(0)" after the country code: not dialled from abroad.
                        index += 2
                    } else if isDigit(byte) {
                        digits[count] = byte
                        count += 1
                        seenDigit = true
                    } else if byte == UInt8(ascii: "+") && !seenDigit {
                        international = true
                    }
                }
                guard count > 0 else { return nil }
                var start = 0
                if !international, count >= 2, digits[0] == 48, digits[1] == 48 {
                    start = 2
                    international = true
                }
                var prefix: [UInt8] = []
                if !international, callingCode != nil {
                    if digits[0] == 48, callingCode == "46" || callingCode == "358" { start = 1 }
                    prefix = code
                    international = true
                }
                return String(unsafeUninitializedCapacity: 1 + prefix.count + count - start) { output in
                    var written = 0
                    if international {
                        output[0] = UInt8(ascii: "+")
                        written = 1
                    }
                    for byte in prefix {
                        output[written] = byte
                        written += 1
                    }
                    for position in start..<count {
                        output[written] = digits[position]
                        written += 1
                    }
                    return written
                }
            }
        }
        return result ?? collapseWhitespace(caseFold(value))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
}
