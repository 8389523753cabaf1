/// `ipv4` (dotted decimal, no leading zeros) and `ipv6` (RFC 4291 text form, no zone).
enum IPAddressFormat {
    static func isIPv4(_ string: String) -> Bool { isIPv4(Array(string.utf8)[...]) }

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(ASCII.isDigit) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            guard part.reduce(0, { $0 * 10 + Int($1 - 0x30) }) <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ string: String) -> Bool { isIPv6(Array(string.utf8)[...]) }

    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var groups = 0
        var sawDoubleColon = false
        var index = bytes.startIndex
        if bytes.starts(with: Array("::".utf8)) {
            sawDoubleColon = true
            index += 2
            if index == bytes.endIndex { return true }
        } else if bytes.first == UInt8(ascii: ":") {
            return false
        }
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let group = bytes[index..<end]
            if end == bytes.endIndex && group.contains(UInt8(ascii: ".")) {
                guard isIPv4(group) else { return false }
                groups += 2
                break
            }
            guard (1...4).contains(group.count), group.allSatisfy(ASCII.isHex) else { return false }
            groups += 1
            if end == bytes.endIndex { break }
            // `end` is a colon.
            if end + 1 < bytes.endIndex, bytes[end + 1] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                index = end + 2
                if index == bytes.endIndex { break }
            } else {
                index = end + 1
                guard index < bytes.endIndex else { return false }
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }
}
