/// `uuid`, `json-pointer` and `relative-json-pointer`.
enum MiscFormat {
    static func isUUID(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !ASCII.isHex(byte) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ string: String) -> Bool {
        isJSONPointer(Array(string.utf8)[...])
    }

    private static func isJSONPointer(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        guard first == UInt8(ascii: "/") else { return false }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "~") {
                let next = index + 1
                guard next < bytes.endIndex, bytes[next] == UInt8(ascii: "0") || bytes[next] == UInt8(ascii: "1") else {
                    return false
                }
            }
            index += 1
        }
        return true
    }

    static func isRelativeJSONPointer(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        var index = 0
        while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
        guard index > 0, !(index > 1 && bytes[0] == UInt8(ascii: "0")) else { return false }
        if index == bytes.count { return true }
        if bytes[index] == UInt8(ascii: "#") { return index + 1 == bytes.count }
        return isJSONPointer(bytes[index...])
    }
}
