public import Foundation

/// Durations as operators write them: `30d`, `12h`, `90m`, `45s` (one number, one unit).
public enum DurationText {
    /// Parses `text`, or returns `nil` when it is not of that form.
    public static func parse(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let number = Int(text.dropLast()), number >= 0 else { return nil }
        let seconds: Int
        switch unit {
        case "d": seconds = 86_400
        case "h": seconds = 3_600
        case "m": seconds = 60
        case "s": seconds = 1
        default: return nil
        }
        let (total, overflow) = number.multipliedReportingOverflow(by: seconds)
        return overflow ? nil : TimeInterval(total)
    }
}
