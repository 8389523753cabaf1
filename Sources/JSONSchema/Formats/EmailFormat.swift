/// `email` (RFC 5321 mailbox) and `idn-email` (RFC 6531: UTF-8 allowed in both parts).
enum EmailFormat {
    static func isEmail(_ string: String, international: Bool) -> Bool {
        let scalars = Array(string.unicodeScalars)
        guard let at = scalars.lastIndex(of: "@"), at > 0, at < scalars.count - 1 else { return false }
        let local = scalars[..<at]
        let domain = String(String.UnicodeScalarView(scalars[(at + 1)...]))
        guard isLocalPart(local, international: international) else { return false }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return IPAddressFormat.isIPv6(String(literal.dropFirst(5))) }
            return IPAddressFormat.isIPv4(String(literal))
        }
        return international ? HostnameFormat.isInternationalHostname(domain) : HostnameFormat.isHostname(domain)
    }

    private static func isLocalPart(_ local: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        if local.first == "\"" {
            guard local.count >= 2, local.last == "\"" else { return false }
            var index = local.startIndex + 1
            let end = local.endIndex - 1
            while index < end {
                let scalar = local[index]
                if scalar == "\\" {
                    index += 1
                    guard index < end, (32...126).contains(local[index].value) || (international && !local[index].isASCII)
                    else { return false }
                } else if scalar == "\"" {
                    return false
                } else if !((32...126).contains(scalar.value) || (international && !scalar.isASCII)) {
                    return false
                }
                index += 1
            }
            return true
        }
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        let specials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        return atoms.allSatisfy { atom in
            !atom.isEmpty
                && atom.allSatisfy { scalar in
                    scalar.isASCII
                        ? (ASCII.isAlpha(UInt8(scalar.value)) || ASCII.isDigit(UInt8(scalar.value))
                            || specials.contains(scalar))
                        : international
                }
        }
    }
}
