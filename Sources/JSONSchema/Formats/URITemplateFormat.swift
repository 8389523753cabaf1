/// `uri-template` (RFC 6570 syntax, all levels).
enum URITemplateFormat {
    static func isURITemplate(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}"), isExpression(scalars[(index + 1)..<close]) else {
                    return false
                }
                index = close + 1
                continue
            }
            if scalar == "%" {
                guard index + 2 < scalars.count, scalars[index + 1].isASCII, ASCII.isHex(UInt8(scalars[index + 1].value)),
                    scalars[index + 2].isASCII, ASCII.isHex(UInt8(scalars[index + 2].value))
                else { return false }
                index += 3
                continue
            }
            let value = scalar.value
            if value <= 0x20 || value == 0x7F || "\"<>\\^`{|}".unicodeScalars.contains(scalar) { return false }
            if value >= 0x80 && value < 0xA0 { return false }
            index += 1
        }
        return true
    }

    private static func isExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = body
        if let first = body.first, "+#./;?&".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for varspec in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard isVarspec(varspec) else { return false }
        }
        return true
    }

    private static func isVarspec(_ varspec: ArraySlice<Unicode.Scalar>) -> Bool {
        var name = varspec
        if varspec.last == "*" {
            name = varspec.dropLast()
        } else if let colon = varspec.firstIndex(of: ":") {
            name = varspec[..<colon]
            let length = varspec[(colon + 1)...]
            guard (1...4).contains(length.count), length.first != "0",
                length.allSatisfy({ $0.isASCII && ASCII.isDigit(UInt8($0.value)) })
            else { return false }
        }
        guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
        var index = name.startIndex
        var previousDot = false
        while index < name.endIndex {
            let scalar = name[index]
            if scalar == "." {
                if previousDot { return false }
                previousDot = true
                index += 1
                continue
            }
            previousDot = false
            if scalar == "%" {
                guard index + 2 <= name.endIndex - 1, ASCII.isHex(UInt8(truncatingIfNeeded: name[index + 1].value)),
                    ASCII.isHex(UInt8(truncatingIfNeeded: name[index + 2].value)), name[index + 1].isASCII,
                    name[index + 2].isASCII
                else { return false }
                index += 3
                continue
            }
            guard scalar.isASCII, ASCII.isAlpha(UInt8(scalar.value)) || ASCII.isDigit(UInt8(scalar.value)) || scalar == "_"
            else { return false }
            index += 1
        }
        return true
    }
}
