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
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            var code = scalar.value
            guard code < 0x100, isStableLatin1(scalar), code != 0xDF, code != 0xFF else { return nil }
            if code == 0x20 || (0x09...0x0D).contains(code) || code == 0x85 {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace { output.append(0x20) }
            pendingSpace = false
            if (0x41...0x5A).contains(code) || ((0xC0...0xDE).contains(code) && code != 0xD7) { code += 0x20 }
            if code < 0x80 {
                output.append(UInt8(code))
            } else {
                output.append(UInt8(0xC0 | (code >> 6)))
                output.append(UInt8(0x80 | (code & 0x3F)))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The rule of `national-id` for ASCII text: upper-cased without a trip through Foundation, then
    /// ``nationalID(_:)``'s separators removed from the bytes. `nil` for other text.
    static func asciiNationalID(_ value: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte &- 0x61 < 26 ? byte - 0x20 : byte)
        }
        // As in nationalID(_:): only space and tab go before the century-sign check.
        let compact = bytes.filter { $0 != 0x20 && $0 != 0x09 }
        if compact.count == 11, compact[0..<6].allSatisfy(isDigit), compact[7..<10].allSatisfy(isDigit) {
            switch compact[6] {
            case UInt8(ascii: "+"):
                return String(decoding: compact, as: UTF8.self)
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                var canonical = compact
                canonical[6] = UInt8(ascii: "A")
                return String(decoding: canonical, as: UTF8.self)
            case UInt8(ascii: "-"), UInt8(ascii: "U")...UInt8(ascii: "Y"):
                var canonical = compact
                canonical.remove(at: 6)
                return String(decoding: canonical, as: UTF8.self)
            default:
                break
            }
        }
        let kept = bytes.filter {
            !($0 == 0x20 || (0x09...0x0D).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+"))
        }
        return String(decoding: kept, as: UTF8.self)
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
        var digits: [UInt8] = []
        var international = false
        var seenDigit = false
        let bytes = Array(value.utf8)
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
                digits.append(byte)
                seenDigit = true
            } else if byte == UInt8(ascii: "+") && !seenDigit {
                international = true
            }
        }
        guard !digits.isEmpty else { return collapseWhitespace(caseFold(value)) }
        if !international, digits.starts(with: [48, 48]) {
            digits.removeFirst(2)
            international = true
        }
        if !international, let callingCode {
            if digits.first == 48, callingCode == "46" || callingCode == "358" { digits.removeFirst() }
            digits.insert(contentsOf: Array(callingCode.utf8), at: 0)
            international = true
        }
        return (international ? "+" : "") + String(decoding: digits, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
}
