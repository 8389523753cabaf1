import Foundation
public import JSONSchema

/// A receiver's or purpose's tightening of the schemas' privacy policy, read from configuration.
///
/// The configuration is a JSON object mapping message type ids to rules; each rule maps a
/// property name (applies wherever a member of that name occurs in the record) or an instance
/// JSON Pointer (`/persons/*/description`, where `*` matches any one member or element) to an
/// `x-privacy` value:
///
/// ```json
/// {"police.trafficking-intelligence-report.v1": {"narrative": "redact", "/contact/phone": {"pseudonymise": "phone"}}}
/// ```
///
/// A rule may only tighten: where the schema's action is more restrictive, the configuration is
/// refused (``PseudonymisationError/loosening(messageType:rule:schemaAction:configuredAction:)``).
public struct PolicyTightening: Sendable {
    /// One rule: where it applies and the action it asks for.
    public struct Rule: Sendable, Hashable {
        /// The configured key: a property name, or a pointer starting with `/`.
        public var key: String
        /// The action asked for.
        public var action: PrivacyAction
        /// The pointer's unescaped tokens, or `nil` for a property-name rule.
        let tokens: [String]?

        /// The property name the rule ends in (the name itself, or the pointer's last token).
        var lastName: String? { tokens.map { $0.last } ?? key }

        func matches(name: String?, path: [String]) -> Bool {
            guard let tokens else { return name == key }
            guard tokens.count == path.count else { return false }
            for (token, step) in zip(tokens, path) where token != "*" && token != step { return false }
            return true
        }
    }

    /// The rules by message type id.
    public private(set) var rules: [String: [Rule]]

    /// No tightening.
    public init() { rules = [:] }

    /// Reads a configuration document.
    /// - Throws: ``PseudonymisationError/invalidPolicy(reason:)`` when it is not of the form above.
    public init(configuration: JSONValue) throws(PseudonymisationError) {
        guard case .object(let types) = configuration else {
            throw .invalidPolicy(reason: "the document must be an object of message type ids")
        }
        var rules: [String: [Rule]] = [:]
        for (type, value) in types {
            guard case .object(let entries) = value else {
                throw .invalidPolicy(reason: "the rules for \(type) must be an object")
            }
            var list: [Rule] = []
            for (key, annotation) in entries {
                guard let action = PrivacyAction(annotation: annotation) else {
                    throw .invalidPolicy(reason: "the action for \(key) in \(type) is not an x-privacy value")
                }
                guard !key.isEmpty else { throw .invalidPolicy(reason: "an empty key in \(type)") }
                var tokens: [String]?
                if key.hasPrefix("/") {
                    tokens = key.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                        $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                    }
                }
                list.append(Rule(key: key, action: action, tokens: tokens))
            }
            rules[type] = list.sorted { $0.key < $1.key }
        }
        self.rules = rules
    }

    /// The rules for one message type.
    public func rules(for messageType: String) -> [Rule] { rules[messageType] ?? [] }
}

extension PrivacyAction {
    /// Whether replacing `self` (the schema's action) by `other` tightens or keeps the policy:
    /// `other` is more restrictive, or the same action.
    func allowsTightening(to other: PrivacyAction) -> Bool {
        if other == self { return true }
        if other.restrictiveness != restrictiveness { return other.restrictiveness > restrictiveness }
        if case .generalise(let mine) = self, case .generalise(let theirs) = other {
            return theirs.coarseness > mine.coarseness
        }
        return false
    }
}
