import Foundation
import JSONSchema

/// The `x-privacy` annotations of a message schema, compiled once into a tree that follows the
/// shape of the records: for each location, the most restrictive annotation of every subschema
/// that may apply there, and the nodes of its members and elements.
///
/// The plan follows `properties`, `additionalProperties`, `patternProperties`, `items`,
/// `prefixItems`, `contains`, `unevaluated*`, `allOf`, `anyOf`, `oneOf`, `if`, `then`, `else`,
/// `dependentSchemas` and `$ref` (to documents by `$id` or retrieval URI, with a JSON Pointer
/// fragment). It does not evaluate conditions: annotations of every branch count, so where a
/// condition would pick a branch, the plan applies the most restrictive of all of them. `not`
/// is skipped (a subschema under `not` never annotates a valid instance).
final class PolicyPlan: @unchecked Sendable {
    // @unchecked: every node is built in `init` and never changed afterwards; records are only read.

    /// One location pattern of the record.
    final class Node {
        /// The most restrictive annotation at this location, or `nil` when none applies.
        fileprivate(set) var action: PrivacyAction?
        /// Nodes of object members by name.
        fileprivate(set) var properties: [String: Node] = [:] {
            didSet { propertyList = properties.map { (Array($0.key.utf8), $0.value) } }
        }
        /// ``properties`` as a list, for ``property(utf8:)``.
        private var propertyList: [(name: [UInt8], node: Node)] = []
        /// The node of the member whose key has the UTF-8 bytes `key` (a scan of a few names costs less than
        /// hashing the key).
        func property(utf8 key: UnsafeBufferPointer<UInt8>) -> Node? {
            for entry in propertyList where entry.name.count == key.count {
                let equal = entry.name.withUnsafeBufferPointer { name in
                    key.count == 0 || memcmp(name.baseAddress!, key.baseAddress!, key.count) == 0
                }
                if equal { return entry.node }
            }
            return nil
        }

        /// The node of members not named in `properties`, if the schema describes them.
        fileprivate(set) var otherMembers: Node?
        /// The node of array elements.
        fileprivate(set) var elements: Node?
        /// Whether an annotation value was outside the vocabulary.
        fileprivate(set) var hasInvalidAnnotation = false
        /// Whether every value at and below this node is kept as it is: the record's subtree can be
        /// checked for unannotated members and passed on without being rebuilt.
        fileprivate(set) var keepsEverything = false
        /// Whether a valid record can hold no member here that `properties` does not name: the node
        /// describes closed objects (`additionalProperties: false`) or values that are not objects.
        fileprivate(set) var isClosed = false
        /// Whether ``keepsEverything`` holds and every object at and below is closed, so that input
        /// validation alone proves every member annotated: the subtree needs no walk at all.
        fileprivate(set) var coveredByValidation = false
        /// Whether a pseudonymise or redact annotation applies at or below this node, so that the
        /// subtree may hold terms for the free-text scanner.
        fileprivate(set) var mayHoldTerms = true
    }

    /// The node of the record's root.
    let root: Node

    fileprivate struct Location: Hashable {
        var document: String
        var pointer: String
        /// Reached through a keyword whose subschema need not hold for a valid instance (`anyOf`,
        /// `oneOf`, `if`, `then`, `else`, `dependentSchemas`): its annotations count, its closedness not.
        var conditional = false
    }

    private let documents: [String: JSONValue]
    private var nodes: [[Location]: Node] = [:]

    /// Compiles the plan of `schema`.
    /// - Parameters:
    ///   - schema: the message schema.
    ///   - uri: the URI the schema is known by (its `$id`).
    ///   - references: the documents `$ref` may reach.
    /// - Throws: ``PseudonymisationError/invalidSchema(reason:)`` for a reference it cannot follow.
    init(schema: JSONValue, uri: String, references: [SchemaSet.Document]) throws(PseudonymisationError) {
        var documents: [String: JSONValue] = [:]
        for document in references {
            documents[document.uri] = document.schema
            if case .string(let id)? = document.schema["$id"] {
                documents[Self.resolve(id, against: document.uri)] = document.schema
            }
        }
        documents[uri] = schema
        self.documents = documents
        root = Node()
        try fill(root, with: try closure(of: [Location(document: uri, pointer: "")]))
        var keeps: [ObjectIdentifier: Bool] = [:]
        var terms: [ObjectIdentifier: Bool] = [:]
        var covered: [ObjectIdentifier: Bool] = [:]
        for node in nodes.values {
            node.keepsEverything = Self.keepsEverything(node, memo: &keeps)
            node.mayHoldTerms = Self.mayHoldTerms(node, memo: &terms)
        }
        for node in nodes.values { node.coveredByValidation = Self.coveredByValidation(node, memo: &covered) }
    }

    /// Whether the subschema at `pointer` in `document`, with everything it reaches, annotates only
    /// keep: a value it describes passes the policy unchanged. Adds nodes to the plan, so it is called
    /// only while the owning ``RecordPseudonymiser`` is being built, before the plan is shared.
    func keepsEverything(document: String, pointer: String) -> Bool {
        guard let locations = try? closure(of: [Location(document: document, pointer: pointer)]),
            let node = try? node(for: locations)
        else { return false }
        var memo: [ObjectIdentifier: Bool] = [:]
        return node.action == .keep && Self.keepsEverything(node, memo: &memo)
    }

    /// A node keeps everything when its own action is keep (or none, for an element that inherits
    /// keep), nothing else may appear among its members, and all its children keep everything with an
    /// explicit keep on each member. A node met again while deciding (a recursive schema) counts as no.
    private static func keepsEverything(_ node: Node, memo: inout [ObjectIdentifier: Bool]) -> Bool {
        let id = ObjectIdentifier(node)
        if let known = memo[id] { return known }
        memo[id] = false
        guard !node.hasInvalidAnnotation, node.action == nil || node.action == .keep, node.otherMembers == nil else {
            return false
        }
        for child in node.properties.values {
            guard child.action == .keep, keepsEverything(child, memo: &memo) else { return false }
        }
        if let elements = node.elements, !keepsEverything(elements, memo: &memo) { return false }
        memo[id] = true
        return true
    }

    private static func coveredByValidation(_ node: Node, memo: inout [ObjectIdentifier: Bool]) -> Bool {
        let id = ObjectIdentifier(node)
        if let known = memo[id] { return known }
        memo[id] = false
        guard node.keepsEverything, node.isClosed else { return false }
        for child in node.properties.values where !coveredByValidation(child, memo: &memo) { return false }
        if let elements = node.elements, !coveredByValidation(elements, memo: &memo) { return false }
        memo[id] = true
        return true
    }

    /// Whether a pseudonymise or redact annotation appears at or below `node`. A node met again while
    /// deciding counts as yes, which only costs a walk.
    private static func mayHoldTerms(_ node: Node, memo: inout [ObjectIdentifier: Bool]) -> Bool {
        let id = ObjectIdentifier(node)
        if let known = memo[id] { return known }
        memo[id] = true
        var result = node.hasInvalidAnnotation
        switch node.action {
        case .pseudonymise, .redact: result = true
        default: break
        }
        if !result {
            result = node.properties.values.contains { mayHoldTerms($0, memo: &memo) }
                || node.otherMembers.map { mayHoldTerms($0, memo: &memo) } ?? false
                || node.elements.map { mayHoldTerms($0, memo: &memo) } ?? false
        }
        memo[id] = result
        return result
    }

    /// The subschemas that apply at the same location as `locations`: through `$ref`, `allOf`,
    /// `anyOf`, `oneOf`, `if`, `then`, `else` and `dependentSchemas`.
    private func closure(of locations: [Location]) throws(PseudonymisationError) -> [Location] {
        var seen: Set<Location> = []
        var ordered: [Location] = []
        var queue = locations
        while let location = queue.popLast() {
            guard seen.insert(location).inserted else { continue }
            ordered.append(location)
            guard case .object(let schema) = try value(at: location) else { continue }
            if case .string(let reference)? = schema["$ref"] {
                var target = try target(of: reference, from: location)
                target.conditional = location.conditional
                queue.append(target)
            }
            for keyword in ["allOf", "anyOf", "oneOf"] {
                if case .array(let elements)? = schema[keyword] {
                    for index in elements.indices {
                        var next = location.appending(keyword, String(index))
                        next.conditional = next.conditional || keyword != "allOf"
                        queue.append(next)
                    }
                }
            }
            for keyword in ["if", "then", "else"] where schema[keyword] != nil {
                var next = location.appending(keyword)
                next.conditional = true
                queue.append(next)
            }
            if case .object(let members)? = schema["dependentSchemas"] {
                for name in members.keys {
                    var next = location.appending("dependentSchemas", name)
                    next.conditional = true
                    queue.append(next)
                }
            }
        }
        return ordered.sorted {
            ($0.document, $0.pointer, $0.conditional ? 1 : 0) < ($1.document, $1.pointer, $1.conditional ? 1 : 0)
        }
    }

    /// The node for a closed set of locations, shared when the same set recurs (recursive schemas).
    private func node(for locations: [Location]) throws(PseudonymisationError) -> Node {
        if let known = nodes[locations] { return known }
        let node = Node()
        nodes[locations] = node
        try fill(node, with: locations)
        return node
    }

    private func fill(_ node: Node, with locations: [Location]) throws(PseudonymisationError) {
        nodes[locations] = node
        var properties: [String: [Location]] = [:]
        var others: [Location] = []
        var elements: [Location] = []
        for location in locations {
            guard case .object(let schema) = try value(at: location) else { continue }
            if !location.conditional {
                if schema["additionalProperties"] == .bool(false) || schema["unevaluatedProperties"] == .bool(false)
                    || schema["const"] != nil || schema["enum"] != nil
                {
                    node.isClosed = true
                }
                switch schema["type"] {
                case .string(let type)? where type != "object": node.isClosed = true
                case .array(let types)? where !types.contains("object"): node.isClosed = true
                default: break
                }
            }
            if let annotation = schema["x-privacy"] {
                if let action = PrivacyAction(annotation: annotation) {
                    node.action = max(node.action ?? action, action)
                } else {
                    node.hasInvalidAnnotation = true
                }
            }
            if case .object(let members)? = schema["properties"] {
                for name in members.keys { properties[name, default: []].append(location.appending("properties", name)) }
            }
            if case .object(let members)? = schema["patternProperties"] {
                for name in members.keys { others.append(location.appending("patternProperties", name)) }
            }
            for keyword in ["additionalProperties", "unevaluatedProperties"] where schema[keyword]?.objectValue != nil {
                others.append(location.appending(keyword))
            }
            for keyword in ["items", "contains", "unevaluatedItems"] where schema[keyword]?.objectValue != nil {
                elements.append(location.appending(keyword))
            }
            if case .array(let prefix)? = schema["prefixItems"] {
                for index in prefix.indices { elements.append(location.appending("prefixItems", String(index))) }
            }
        }
        for (name, list) in properties { node.properties[name] = try self.node(for: try closure(of: list)) }
        if !others.isEmpty { node.otherMembers = try self.node(for: try closure(of: others)) }
        if !elements.isEmpty { node.elements = try self.node(for: try closure(of: elements)) }
    }

    private func value(at location: Location) throws(PseudonymisationError) -> JSONValue? {
        guard let document = documents[location.document] else {
            throw .invalidSchema(reason: "the reference to \(location.document) cannot be followed")
        }
        return RecordPseudonymiser.value(at: location.pointer, in: document)
    }

    private func target(of reference: String, from location: Location) throws(PseudonymisationError) -> Location {
        let resolved = Self.resolve(reference, against: location.document)
        let parts = resolved.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let document = parts[0].isEmpty ? location.document : String(parts[0])
        let fragment = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
        guard fragment.isEmpty || fragment.hasPrefix("/") else {
            throw .invalidSchema(reason: "the reference \(reference) names an anchor, which the policy plan does not follow")
        }
        guard documents[document] != nil else {
            throw .invalidSchema(reason: "the reference \(reference) cannot be followed")
        }
        return Location(document: document, pointer: fragment)
    }

    static func resolve(_ reference: String, against base: String) -> String {
        guard let baseURL = URL(string: base), let url = URL(string: reference, relativeTo: baseURL) else {
            return reference
        }
        return url.absoluteString
    }
}

extension PolicyPlan.Location {
    fileprivate func appending(_ tokens: String...) -> PolicyPlan.Location {
        var copy = self
        for token in tokens {
            copy.pointer += "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
        return copy
    }
}
