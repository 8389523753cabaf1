import Foundation
import JSONSchema

/// Derives the schema a pseudonymised record must satisfy from the message schema.
///
/// Every subschema that carries an `x-privacy` action other than keep and free-text is replaced by
/// the shape of what the action produces: a pseudonym (`^psn:v1:[0-9]+:[a-z2-7]{32}$`), the marker
/// `"[redacted]"` (`const`), a year, a year and month, or an age band (`enum`); a dropped
/// property's subschema becomes `false` and its name leaves every `required` list. Tightening
/// rules apply the same way at the properties they name; a rule given as a pointer names one
/// location among possibly several of that property name, so there the output may have either
/// shape (`anyOf`). A property whose subschema, with everything it reaches, only keeps, becomes `true`: its
/// value passes unchanged and was checked by the input schema (without tightening rules only). Everything else
/// (types, closed objects, enums, conditions) stays as it was.
enum OutputSchema {
    /// The pattern a pseudonym satisfies.
    static let pseudonymPattern = "^psn:v1:[0-9]+:[a-z2-7]{32}$"

    /// The rewriting applied to each schema document.
    struct Rewriter {
        /// Property-name rules: the action applies wherever the name occurs.
        var byName: [String: PrivacyAction] = [:]
        /// Pointer rules by the property name they end in: the action may apply there.
        var byPointerName: [String: [PrivacyAction]] = [:]
        /// Property names dropped somewhere (by the schema or a rule).
        var droppedNames: Set<String> = []
        /// Whether the property subschema at (document, pointer) passes its values on unchanged;
        /// `nil` when tightening rules exist (they may change anything).
        var unchanged: ((String, String) -> Bool)?

        init(rules: [PolicyTightening.Rule], documents: [SchemaSet.Document], unchanged: @escaping (String, String) -> Bool) {
            self.unchanged = rules.isEmpty ? unchanged : nil
            for rule in rules {
                if rule.tokens == nil {
                    byName[rule.key] = max(byName[rule.key] ?? .keep, rule.action)
                } else if let name = rule.lastName {
                    byPointerName[name, default: []].append(rule.action)
                }
                if rule.action == .drop, let name = rule.lastName { droppedNames.insert(name) }
            }
            for document in documents {
                for property in SchemaWalker.properties(of: document.schema)
                where property.annotation.flatMap(PrivacyAction.init(annotation:)) == .drop {
                    droppedNames.insert(property.name)
                }
            }
        }

        /// The output form of one document.
        func rewrite(_ document: SchemaSet.Document, isMessageSchema: Bool = false) -> JSONValue {
            rewrite(document.schema, document: document.uri, pointer: "", mustHold: isMessageSchema)
        }

        /// - Parameter mustHold: whether the subschema is reached from the message schema's root only
        ///   through keywords that must hold for the instance to be valid (`properties`, `items`, `allOf`,
        ///   `then`, …). Only there may a subschema be made more permissive without changing the outcome
        ///   of a condition (`if`, `not`, `anyOf`, `oneOf`, `contains`); `$defs` may be referenced from anywhere.
        func rewrite(_ schema: JSONValue, document: String, pointer: String, mustHold: Bool) -> JSONValue {
            guard case .object(var object) = schema else { return schema }
            if let annotation = object["x-privacy"], let action = PrivacyAction(annotation: annotation),
                let shape = OutputSchema.shape(of: action)
            {
                return shape
            }
            for key in object.keys {
                guard let value = object[key] else { continue }
                let here = pointer + "/" + OutputSchema.escape(key)
                let holds = mustHold && Self.mustHoldKeywords.contains(key)
                switch key {
                case "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
                    "unevaluatedItems", "unevaluatedProperties", "contentSchema":
                    object[key] = rewrite(value, document: document, pointer: here, mustHold: holds)
                case "allOf", "anyOf", "oneOf", "prefixItems":
                    if case .array(let elements) = value {
                        object[key] = .array(
                            elements.enumerated().map {
                                rewrite($1, document: document, pointer: here + "/\($0)", mustHold: holds)
                            })
                    }
                case "patternProperties", "$defs", "dependentSchemas":
                    if case .object(let members) = value {
                        object[key] = .object(
                            rewriteMembers(members, document: document, pointer: here, mustHold: holds))
                    }
                case "properties":
                    if case .object(let members) = value {
                        object[key] = .object(
                            rewriteProperties(members, document: document, pointer: here, mustHold: holds))
                    }
                case "required":
                    if case .array(let names) = value {
                        object[key] = .array(names.filter { name in
                            guard case .string(let name) = name else { return true }
                            return !droppedNames.contains(name)
                        })
                    }
                default:
                    break
                }
            }
            return .object(object)
        }

        /// Keywords whose subschemas must hold wherever their schema must.
        static let mustHoldKeywords: Set<String> = [
            "properties", "patternProperties", "additionalProperties", "items", "prefixItems", "allOf", "then", "else",
            "dependentSchemas",
        ]

        private func rewriteMembers(_ members: JSONObject, document: String, pointer: String, mustHold: Bool)
            -> JSONObject
        {
            var result = JSONObject()
            for name in members.keys {
                result[name] = rewrite(
                    members[name]!, document: document, pointer: pointer + "/" + OutputSchema.escape(name),
                    mustHold: mustHold)
            }
            return result
        }

        private func rewriteProperties(_ members: JSONObject, document: String, pointer: String, mustHold: Bool)
            -> JSONObject
        {
            var result = JSONObject()
            for name in members.keys {
                let member = members[name]!
                let here = pointer + "/" + OutputSchema.escape(name)
                let own = member["x-privacy"].flatMap(PrivacyAction.init(annotation:)) ?? .keep
                // Passed on unchanged, the value was checked by the input schema already.
                if mustHold, own == .keep, member["x-privacy"] != nil, let unchanged, unchanged(document, here) {
                    result[name] = true
                    continue
                }
                var rewritten = rewrite(member, document: document, pointer: here, mustHold: mustHold)
                if let tightened = byName[name], tightened > own, let shape = OutputSchema.shape(of: tightened) {
                    rewritten = shape
                }
                let alternatives = (byPointerName[name] ?? []).filter { $0 > own }.compactMap(OutputSchema.shape(of:))
                if !alternatives.isEmpty {
                    rewritten = ["anyOf": JSONValue.array([rewritten] + alternatives)]
                }
                result[name] = rewritten
            }
            return result
        }
    }

    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// What a value under `action` looks like in the output, or `nil` when the input schema still
    /// describes it (keep, free-text).
    static func shape(of action: PrivacyAction) -> JSONValue? {
        switch action {
        case .keep, .freeText:
            return nil
        case .drop:
            return false
        case .redact:
            return ["const": .string(PrivacyAction.redactionMarker)]
        case .pseudonymise:
            return ["type": "string", "pattern": .string(pseudonymPattern)]
        case .generalise(.year):
            return ["type": "string", "pattern": "^[0-9]{4}$"]
        case .generalise(.yearMonth):
            return ["type": "string", "pattern": "^[0-9]{4}-[01][0-9]$"]
        case .generalise(.ageBand):
            return ["enum": .array(AgeBand.allCases.map { .string($0.rawValue) })]
        }
    }
}
