import JSONSchema
import NordgateCore

/// Reads one JSON object of a configuration file, tracking the dotted path for messages and
/// refusing keys it was not asked about.
struct ConfigReader {
    let object: JSONObject
    let path: String
    private var known: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ConfigurationError) {
        guard let object = value.objectValue else {
            throw ConfigurationError(key: path.isEmpty ? "(file)" : path, problem: "must be a JSON object")
        }
        self.object = object
        self.path = path
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    mutating func value(_ name: String) -> JSONValue? {
        known.insert(name)
        guard let value = object[name], value != .null else { return nil }
        return value
    }

    mutating func string(_ name: String) throws(ConfigurationError) -> String? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw ConfigurationError(key: key(name), problem: "must be a non-empty string")
        }
        return text
    }

    mutating func requiredString(_ name: String, hint: String) throws(ConfigurationError) -> String {
        guard let text = try string(name) else {
            throw ConfigurationError(key: key(name), problem: "is missing; \(hint)")
        }
        return text
    }

    mutating func int(_ name: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(name) else { return nil }
        guard let number = value.numberValue?.intValue, range.contains(number) else {
            throw ConfigurationError(
                key: key(name), problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    mutating func double(_ name: String, range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = value(name) else { return nil }
        guard let number = value.numberValue?.doubleValue, range.contains(number) else {
            throw ConfigurationError(
                key: key(name), problem: "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    mutating func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard let flag = value.boolValue else {
            throw ConfigurationError(key: key(name), problem: "must be true or false")
        }
        return flag
    }

    /// A duration written as `30d`, `12h`, `90m` or `45s`.
    mutating func duration(_ name: String, minimum: Double = 0) throws(ConfigurationError) -> Double? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue, let seconds = DurationText.parse(text), seconds >= minimum else {
            throw ConfigurationError(
                key: key(name), problem: "must be a duration such as \"30s\", \"5m\", \"12h\" or \"30d\" (at least \(Int(minimum))s)")
        }
        return seconds
    }

    mutating func authority(_ name: String) throws(ConfigurationError) -> String? {
        guard let text = try string(name) else { return nil }
        guard AuthorityID.isValid(text) else {
            throw ConfigurationError(key: key(name), problem: "must be an authority id such as NO-CA or DK-POL")
        }
        return text
    }

    mutating func array(_ name: String) throws(ConfigurationError) -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard let items = value.arrayValue else {
            throw ConfigurationError(key: key(name), problem: "must be a JSON array")
        }
        return items
    }

    mutating func object(_ name: String) throws(ConfigurationError) -> ConfigReader? {
        guard let value = value(name) else { return nil }
        return try ConfigReader(value, path: key(name))
    }

    /// Refuses members that were never asked for (a typo would otherwise be silently ignored).
    func finish() throws(ConfigurationError) {
        for name in object.keys where !known.contains(name) {
            throw ConfigurationError(key: key(name), problem: "is not a known key; check its spelling in docs/configuration.md")
        }
    }
}
