import Foundation
import JSONSchema

#if canImport(Glibc)
import Glibc
#endif

/// How `nordgate demo` prints: numbered steps, indented lines, and JSON with long values cut short.
enum DemoPrinter {
    /// One value that the privacy policy changed: its JSON pointer and both values as JSON text.
    struct Change {
        var path: String
        var before: String
        var after: String
    }

    private static let bold = isatty(STDOUT_FILENO) == 1

    /// Prints a step heading.
    static func step(_ title: String) {
        print(bold ? "\n\u{1B}[1m== \(title)\u{1B}[0m" : "\n== \(title)")
    }

    /// Prints an indented line.
    static func line(_ text: String) { print("   " + text) }

    /// Prints the values at `pointers` (those present), one per line.
    static func fields(_ value: JSONValue, _ pointers: [String]) {
        for pointer in pointers {
            guard let found = Self.value(at: pointer, in: value) else { continue }
            line("  \(padded(pointer, 40)) \(found.serialized())")
        }
    }

    /// `text` followed by spaces up to `width` characters (never cut).
    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Prints `value` as indented JSON, with strings over 48 characters (ciphertext, keys, signatures) cut short.
    static func json(_ value: JSONValue) {
        for text in shortened(value).serialized(pretty: true).split(separator: "\n") { line("  " + text) }
    }

    /// The leaves of `before` whose value in `after` differs or is missing, in document order.
    static func changes(from before: JSONValue, to after: JSONValue) -> [Change] {
        var found: [Change] = []
        collect(before, after, path: "", into: &found)
        return found
    }

    private static func collect(_ before: JSONValue, _ after: JSONValue?, path: String, into found: inout [Change]) {
        switch before {
        case .object(let object):
            for (key, member) in object { collect(member, after?[key], path: path + "/" + key, into: &found) }
        case .array(let items):
            let others = after?.arrayValue ?? []
            for (index, item) in items.enumerated() {
                collect(item, index < others.count ? others[index] : nil, path: path + "/\(index)", into: &found)
            }
        default:
            guard before != after else { return }
            found.append(Change(path: path, before: before.serialized(), after: after?.serialized() ?? "(removed)"))
        }
    }

    private static func value(at pointer: String, in value: JSONValue) -> JSONValue? {
        var current: JSONValue? = value
        for token in pointer.split(separator: "/") {
            if let index = Int(token), let items = current?.arrayValue {
                current = index < items.count ? items[index] : nil
            } else {
                current = current?[String(token)]
            }
        }
        return current
    }

    private static func shortened(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.count > 48:
            return .string(String(text.prefix(36)) + "…(\(text.count) chars)")
        case .object(let object):
            var copy = JSONObject()
            for (key, member) in object { copy[key] = shortened(member) }
            return .object(copy)
        case .array(let items):
            return .array(items.map(shortened))
        default:
            return value
        }
    }
}
