/// The `format` checks used when formats are assertions.
enum FormatChecker {
    /// The check for a format name, or `nil` for a format this validator does not know
    /// (unknown formats are never asserted).
    static func checker(for name: String) -> (@Sendable (String) -> Bool)? {
        switch name {
        case "date-time": DateTimeFormat.isDateTime
        case "date": DateTimeFormat.isDate
        case "time": DateTimeFormat.isTime
        case "duration": DateTimeFormat.isDuration
        case "email": { EmailFormat.isEmail($0, international: false) }
        case "idn-email": { EmailFormat.isEmail($0, international: true) }
        case "hostname": HostnameFormat.isHostname
        case "idn-hostname": HostnameFormat.isInternationalHostname
        case "ipv4": IPAddressFormat.isIPv4
        case "ipv6": IPAddressFormat.isIPv6
        case "uri": { URIFormat.isValid($0, international: false, allowRelative: false) }
        case "uri-reference": { URIFormat.isValid($0, international: false, allowRelative: true) }
        case "iri": { URIFormat.isValid($0, international: true, allowRelative: false) }
        case "iri-reference": { URIFormat.isValid($0, international: true, allowRelative: true) }
        case "uri-template": URITemplateFormat.isURITemplate
        case "uuid": MiscFormat.isUUID
        case "regex": { ECMARegex($0) != nil }
        case "json-pointer": MiscFormat.isJSONPointer
        case "relative-json-pointer": MiscFormat.isRelativeJSONPointer
        default: nil
        }
    }
}

/// Small helpers over ASCII bytes shared by the format checks.
enum ASCII {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
    @inline(__always) static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// The value of `count` ASCII digits starting at `index`, or `nil` if any is not a digit.
    static func number(_ bytes: [UInt8], _ index: Int, _ count: Int) -> Int? {
        guard index >= 0, index + count <= bytes.count else { return nil }
        var value = 0
        for i in index..<index + count {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value
    }
}
