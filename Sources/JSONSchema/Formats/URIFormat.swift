/// `uri`, `uri-reference` (RFC 3986) and `iri`, `iri-reference` (RFC 3987).
enum URIFormat {
    private enum Component {
        case userinfo, host, path, query, fragment
    }

    static func isValid(_ string: String, international: Bool, allowRelative: Bool) -> Bool {
        let scalars = Array(string.unicodeScalars)
        var index = 0
        // Scheme: the text before the first ":" when it comes before any "/", "?" or "#".
        var hasScheme = false
        if let colon = scalars.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" }),
            scalars[colon] == ":"
        {
            let scheme = scalars[..<colon]
            guard let first = scheme.first, first.isASCII, ASCII.isAlpha(UInt8(first.value)),
                scheme.allSatisfy({
                    $0.isASCII
                        && (ASCII.isAlpha(UInt8($0.value)) || ASCII.isDigit(UInt8($0.value)) || "+-.".unicodeScalars.contains($0))
                })
            else { return false }
            hasScheme = true
            index = colon + 1
        }
        if !hasScheme && !allowRelative { return false }
        let end = scalars.count
        if index + 1 < end && scalars[index] == "/" && scalars[index + 1] == "/" {
            index += 2
            let authorityEnd = scalars[index...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? end
            guard isAuthority(scalars[index..<authorityEnd], international) else { return false }
            index = authorityEnd
        }
        let pathEnd = scalars[index...].firstIndex { $0 == "?" || $0 == "#" } ?? end
        guard isComponent(scalars[index..<pathEnd], .path, international) else { return false }
        index = pathEnd
        if index < end && scalars[index] == "?" {
            let queryEnd = scalars[(index + 1)...].firstIndex { $0 == "#" } ?? end
            guard isComponent(scalars[(index + 1)..<queryEnd], .query, international) else { return false }
            index = queryEnd
        }
        if index < end && scalars[index] == "#" {
            guard isComponent(scalars[(index + 1)...], .fragment, international) else { return false }
        }
        return true
    }

    private static func isAuthority(_ authority: ArraySlice<Unicode.Scalar>, _ international: Bool) -> Bool {
        var rest = authority
        if let at = rest.firstIndex(of: "@") {
            guard isComponent(rest[..<at], .userinfo, international) else { return false }
            rest = rest[(at + 1)...]
        }
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return false }
            let literal = String(String.UnicodeScalarView(rest[(rest.startIndex + 1)..<close]))
            guard isIPLiteral(literal) else { return false }
            rest = rest[(close + 1)...]
            if rest.isEmpty { return true }
            guard rest.first == ":" else { return false }
            return rest.dropFirst().allSatisfy { $0.isASCII && ASCII.isDigit(UInt8($0.value)) }
        }
        let hostEnd = rest.firstIndex(of: ":") ?? rest.endIndex
        guard isComponent(rest[..<hostEnd], .host, international) else { return false }
        if hostEnd == rest.endIndex { return true }
        return rest[(hostEnd + 1)...].allSatisfy { $0.isASCII && ASCII.isDigit(UInt8($0.value)) }
    }

    private static func isIPLiteral(_ literal: String) -> Bool {
        if literal.first == "v" || literal.first == "V" {
            let body = literal.dropFirst()
            guard let dot = body.firstIndex(of: "."), dot != body.startIndex,
                body[..<dot].utf8.allSatisfy(ASCII.isHex)
            else { return false }
            let tail = body[body.index(after: dot)...]
            return !tail.isEmpty
                && tail.unicodeScalars.allSatisfy { $0.isASCII && (isUnreserved($0) || isSubDelimiter($0) || $0 == ":") }
        }
        return IPAddressFormat.isIPv6(literal)
    }

    private static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        let byte = UInt8(scalar.value)
        return ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        "!$&'()*+,;=".unicodeScalars.contains(scalar)
    }

    /// RFC 3987 `ucschar` (and `iprivate`, accepted everywhere for simplicity).
    private static func isInternationalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0xA0 else { return false }
        if (0xFDD0...0xFDEF).contains(value) { return false }
        return value & 0xFFFE != 0xFFFE
    }

    private static func isComponent(
        _ scalars: ArraySlice<Unicode.Scalar>, _ component: Component, _ international: Bool
    ) -> Bool {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.endIndex,
                    scalars[index + 1].isASCII, ASCII.isHex(UInt8(scalars[index + 1].value)),
                    scalars[index + 2].isASCII, ASCII.isHex(UInt8(scalars[index + 2].value))
                else { return false }
                index += 3
                continue
            }
            var allowed = isUnreserved(scalar) || isSubDelimiter(scalar)
            if !allowed && international && isInternationalCharacter(scalar) { allowed = true }
            if !allowed {
                switch component {
                case .userinfo: allowed = scalar == ":"
                case .host: allowed = false
                case .path: allowed = scalar == ":" || scalar == "@" || scalar == "/"
                case .query, .fragment: allowed = scalar == ":" || scalar == "@" || scalar == "/" || scalar == "?"
                }
            }
            guard allowed else { return false }
            index += 1
        }
        return true
    }
}
