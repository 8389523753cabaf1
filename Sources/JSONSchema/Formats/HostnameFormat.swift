/// `hostname` (RFC 1123, with `xn--` labels checked as IDNA A-labels) and `idn-hostname`
/// (RFC 5890–5893: U-labels with IDNA2008 code point, context and Bidi rules).
enum HostnameFormat {
    static func isHostname(_ string: String) -> Bool {
        guard string.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        return isDomain(labels: string.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    static func isInternationalHostname(_ string: String) -> Bool {
        let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        var labels: [String] = [""]
        for scalar in string.unicodeScalars {
            if separators.contains(scalar) {
                labels.append("")
            } else {
                labels[labels.count - 1].unicodeScalars.append(scalar)
            }
        }
        return isDomain(labels: labels)
    }

    /// Checks each label (ASCII or Unicode) and the name's length; applies the Bidi rule when any
    /// label has right-to-left characters.
    static func isDomain(labels: [String]) -> Bool {
        var totalLength = labels.count - 1
        var unicodeLabels: [[Unicode.Scalar]] = []
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                guard label.utf8.count <= 63, isLDH(label) else { return false }
                totalLength += label.utf8.count
                let lower = label.lowercased()
                if lower.hasPrefix("xn--") {
                    guard let decoded = Punycode.decode(Array(lower.utf8.dropFirst(4))),
                        decoded.contains(where: { !$0.isASCII }),
                        Punycode.encode(decoded).map({ "xn--" + $0 }) == lower,
                        IDNA.isValidULabel(decoded)
                    else { return false }
                    unicodeLabels.append(decoded)
                } else {
                    let bytes = Array(label.utf8)
                    if bytes.count >= 4 && bytes[2] == UInt8(ascii: "-") && bytes[3] == UInt8(ascii: "-") {
                        return false
                    }
                    unicodeLabels.append(Array(label.unicodeScalars))
                }
            } else {
                let scalars = Array(label.unicodeScalars)
                guard IDNA.isValidULabel(scalars), let encoded = Punycode.encode(scalars),
                    encoded.utf8.count + 4 <= 63
                else { return false }
                totalLength += encoded.utf8.count + 4
                unicodeLabels.append(scalars)
            }
        }
        guard totalLength <= 253 else { return false }
        return IDNA.satisfiesBidiRule(unicodeLabels)
    }

    /// Letters, digits and hyphens, not starting or ending with a hyphen.
    private static func isLDH(_ label: String) -> Bool {
        let bytes = label.utf8
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
