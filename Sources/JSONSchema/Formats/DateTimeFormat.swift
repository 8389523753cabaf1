/// RFC 3339 `date`, `time`, `date-time` and `duration` (appendix A).
enum DateTimeFormat {
    static func isDate(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        return bytes.count == 10 && isDate(bytes, 0)
    }

    static func isTime(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        return isTime(bytes, 0)
    }

    static func isDateTime(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else {
            return false
        }
        return isDate(bytes, 0) && isTime(bytes, 11)
    }

    private static func isDate(_ bytes: [UInt8], _ start: Int) -> Bool {
        guard let year = ASCII.number(bytes, start, 4), bytes[start + 4] == UInt8(ascii: "-"),
            let month = ASCII.number(bytes, start + 5, 2), bytes[start + 7] == UInt8(ascii: "-"),
            let day = ASCII.number(bytes, start + 8, 2), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// `partial-time time-offset` from `start` to the end of `bytes`.
    private static func isTime(_ bytes: [UInt8], _ start: Int) -> Bool {
        guard bytes.count >= start + 9, let hour = ASCII.number(bytes, start, 2), bytes[start + 2] == UInt8(ascii: ":"),
            let minute = ASCII.number(bytes, start + 3, 2), bytes[start + 5] == UInt8(ascii: ":"),
            let second = ASCII.number(bytes, start + 6, 2), hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = start + 8
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < bytes.count else { return false }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let offsetHour = ASCII.number(bytes, index + 1, 2),
                bytes[index + 3] == UInt8(ascii: ":"), let offsetMinute = ASCII.number(bytes, index + 4, 2),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return false
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// ISO 8601 durations as RFC 3339 appendix A restricts them: units in order without gaps,
    /// weeks alone, whole numbers only.
    static func isDuration(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.first == UInt8(ascii: "P"), bytes.count > 1 else { return false }
        var index = 1
        var dateUnits: [UInt8] = []
        var timeUnits: [UInt8] = []
        var inTime = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "T") {
                guard !inTime else { return false }
                inTime = true
                index += 1
                continue
            }
            let digitsStart = index
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart, index < bytes.count else { return false }
            if inTime { timeUnits.append(bytes[index]) } else { dateUnits.append(bytes[index]) }
            index += 1
        }
        if inTime && timeUnits.isEmpty { return false }
        if dateUnits == [UInt8(ascii: "W")] { return timeUnits.isEmpty }
        guard isContiguous(dateUnits, in: Array("YMD".utf8)), isContiguous(timeUnits, in: Array("HMS".utf8)) else {
            return false
        }
        return !(dateUnits.isEmpty && timeUnits.isEmpty)
    }

    /// Whether `units` is a run of consecutive entries of `order` (or empty).
    private static func isContiguous(_ units: [UInt8], in order: [UInt8]) -> Bool {
        guard let first = units.first else { return true }
        guard let start = order.firstIndex(of: first), start + units.count <= order.count else { return false }
        return Array(order[start..<start + units.count]) == units
    }
}
