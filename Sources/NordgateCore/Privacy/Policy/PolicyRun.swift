import Foundation
import JSONSchema

/// The application of a policy to one record: the actions found by the validator, the terms the
/// record's own protected values give the free-text scanner, and the pseudonyms made so far.
struct PolicyRun {
    let rules: [PolicyTightening.Rule]
    let messageType: String
    let key: PseudonymKey
    let callingCode: String?
    let reference: CalendarDate

    /// Pseudonym → the original value it replaced.
    private(set) var originals: [String: String] = [:]
    /// Pseudonyms made so far, by category and value as written.
    private var cache: [CacheKey: String] = [:]
    private var terms: [String] = []
    private var replacements: [String] = []
    private var termPositions: [String: Int] = [:]
    private var scanner: FreeTextScanner?
    /// The tokens of the location being visited.
    private var path: [String] = []

    init(
        rules: [PolicyTightening.Rule], messageType: String, key: PseudonymKey, callingCode: String?,
        reference: CalendarDate
    ) {
        self.rules = rules
        self.messageType = messageType
        self.key = key
        self.callingCode = callingCode
        self.reference = reference
        // Room for a typical record's values up front, rather than growing the tables one doubling at a time.
        originals.reserveCapacity(Self.expectedValues)
        cache.reserveCapacity(Self.expectedValues)
        termPositions.reserveCapacity(Self.expectedValues)
        terms.reserveCapacity(Self.expectedValues)
        replacements.reserveCapacity(Self.expectedValues)
    }

    /// How many protected values a record is expected to hold, for reserving table space.
    private static let expectedValues = 32

    /// A value as written, in a category (by ``categorySlot(_:)``, so the category's name is not hashed).
    ///
    /// Compared and hashed by its UTF-8 bytes, which is cheaper than `String`'s canonical equivalence and gives
    /// the same pseudonyms: canonically equivalent spellings normalise (NFKC) to the same value, so a second
    /// spelling only costs its own computation.
    private struct CacheKey: Hashable {
        var slot: UInt8
        var text: String

        static func == (lhs: CacheKey, rhs: CacheKey) -> Bool {
            guard lhs.slot == rhs.slot, lhs.text.utf8.count == rhs.text.utf8.count else { return false }
            let equal = lhs.text.utf8.withContiguousStorageIfAvailable { left in
                rhs.text.utf8.withContiguousStorageIfAvailable { right in
                    left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
                }
            }
            if let equal, let equal { return equal }
            return lhs.text.utf8.elementsEqual(rhs.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(slot)
            if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
                for byte in text.utf8 { hasher.combine(byte) }
            }
        }
    }

    // MARK: - Actions

    /// The action at the current location: the plan's annotation, tightened by the rules that
    /// match; an array element without its own annotation inherits its array's action.
    private func action(of node: PolicyPlan.Node?, name: String?, inherited: PrivacyAction?) throws(
        PseudonymisationError
    ) -> PrivacyAction {
        if node?.hasInvalidAnnotation == true { throw .invalidAnnotation(location: pointer) }
        var action = node?.action
        for rule in rules where rule.matches(name: name, path: path) {
            if let schemaAction = action ?? inherited, !schemaAction.allowsTightening(to: rule.action) {
                throw .loosening(
                    messageType: messageType, rule: rule.key, schemaAction: schemaAction.description,
                    configuredAction: rule.action.description)
            }
            action = max(action ?? rule.action, rule.action)
        }
        if let action { return action }
        // Object members must be annotated (the policy fails closed); array elements inherit.
        if name != nil { throw .missingAnnotation(location: pointer) }
        return inherited ?? .keep
    }

    /// The JSON Pointer of the current location (for errors).
    private var pointer: String { path.map { "/" + Self.escape($0) }.joined() }

    // MARK: - Terms

    /// Collects every string the record carries in a pseudonymise or redact field, with what it
    /// becomes, so that free text can replace the same values.
    mutating func collectTerms(_ record: JSONValue, plan: PolicyPlan) throws(PseudonymisationError) {
        try collect(record, node: plan.root, name: nil, inherited: nil)
    }

    private mutating func collect(
        _ value: JSONValue, node: PolicyPlan.Node?, name: String?, inherited: PrivacyAction?
    ) throws(PseudonymisationError) {
        if let node, !node.mayHoldTerms, rules.isEmpty { return }
        let action = try self.action(of: node, name: name, inherited: inherited)
        switch (action, value) {
        case (.drop, _):
            return
        case (.redact, _):
            addRedactedStrings(value)
        case (.pseudonymise(let category), .string(let text)):
            addTerm(text, replacement: pseudonym(of: text, category: category))
        case (_, .object(let object)):
            // The member list rather than `for (key, value) in object` (whose opaque iterator type is looked up
            // at run time on every loop) or key lookups (each a scan of the keys).
            for member in object.memberList {
                path.append(member.key)
                defer { path.removeLast() }
                try collect(
                    member.value, node: node?.property(named: member.key) ?? node?.otherMembers, name: member.key,
                    inherited: nil)
            }
        case (_, .array(let elements)):
            for (index, element) in elements.enumerated() {
                path.append(String(index))
                defer { path.removeLast() }
                try collect(element, node: node?.elements, name: nil, inherited: action)
            }
        default:
            return
        }
    }

    private mutating func addRedactedStrings(_ value: JSONValue) {
        switch value {
        case .string(let text): addTerm(text, replacement: PrivacyAction.redactionMarker)
        case .array(let elements): for element in elements { addRedactedStrings(element) }
        case .object(let object): for member in object.memberList { addRedactedStrings(member.value) }
        default: break
        }
    }

    private mutating func addTerm(_ text: String, replacement: String) {
        guard Self.hasNonWhitespace(text) else { return }
        if let position = termPositions[text] {
            // The marker wins over a pseudonym: the value is redacted somewhere in the record.
            if replacement == PrivacyAction.redactionMarker { replacements[position] = replacement }
            return
        }
        termPositions[text] = terms.count
        terms.append(text)
        replacements.append(replacement)
    }

    /// Whether `text` holds a character that is not white space. An ASCII letter or digit answers without
    /// breaking the text into characters: whatever character holds it starts with it or with a prepended
    /// mark, neither of which is white space.
    static func hasNonWhitespace(_ text: String) -> Bool {
        for byte in text.utf8 where byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 { return true }
        return text.contains(where: { !$0.isWhitespace })
    }

    // MARK: - Transform

    /// The record as it may leave: every action applied. Call after ``collectTerms(_:plan:)``.
    /// - Parameters:
    ///   - record: the record.
    ///   - document: the same record as a document, which `builder` copies unchanged values from.
    ///   - builder: receives the result as a document too, for the output check, without encoding it again.
    ///   - plan: the policy.
    mutating func transform(
        _ record: JSONValue, in document: JSONDocument, into builder: JSONDocumentBuilder, plan: PolicyPlan
    ) throws(PseudonymisationError) -> JSONValue {
        let walk = Walk(document: document, builder: builder)
        if let result = try transform(record, at: JSONDocument.rootIndex, walk, node: plan.root, name: nil, inherited: nil, ageStatus: nil) {
            return result
        }
        builder.append(.null)
        return .null
    }

    /// The input document and the output being built, which ``transform(_:at:_:node:name:inherited:ageStatus:)``
    /// walks in step with the record's tree.
    private struct Walk {
        let document: JSONDocument
        let builder: JSONDocumentBuilder

        /// Appends a new value to the output and returns it.
        func emit(_ value: JSONValue) -> JSONValue {
            builder.append(value)
            return value
        }

        /// Copies the input's value at `index` to the output unchanged and returns it.
        func pass(_ value: JSONValue, at index: Int) -> JSONValue {
            builder.appendCopy(ofValueAt: index)
            return value
        }
    }

    /// The transformed `value`, which is at `index` of the walk's document; appends the same to the walk's
    /// output, or nothing when the value is dropped.
    private mutating func transform(
        _ value: JSONValue, at index: Int, _ walk: Walk, node: PolicyPlan.Node?, name: String?,
        inherited: PrivacyAction?, ageStatus: String?
    ) throws(PseudonymisationError) -> JSONValue? {
        if let node, node.keepsEverything, rules.isEmpty, inherited == nil || inherited == .keep,
            name == nil || node.action != nil
        {
            if !node.coveredByValidation { try checkAnnotated(value, node: node) }
            return walk.pass(value, at: index)
        }
        let action = try self.action(of: node, name: name, inherited: inherited)
        switch (action, value) {
        case (.drop, _):
            return nil
        case (.redact, _):
            return walk.emit(.string(PrivacyAction.redactionMarker))
        case (_, .object(let object)):
            guard action == .keep else { throw .unsupportedValue(location: pointer, action: action.description) }
            let status = object["ageStatus"]?.stringValue
            var result: [JSONObject.Member] = []
            result.reserveCapacity(object.count)
            let mark = walk.builder.beginContainer(object: true)
            // Members are read in order, as they are in the document.
            var key = walk.document.firstChild(of: index)
            for member in object.memberList {
                let valueIndex = key + 1
                key = walk.document.index(after: valueIndex)
                path.append(member.key)
                defer { path.removeLast() }
                let memberMark = walk.builder.count
                walk.builder.appendKey(member.key)
                if let transformed = try transform(
                    member.value, at: valueIndex, walk, node: node?.property(named: member.key) ?? node?.otherMembers,
                    name: member.key, inherited: nil, ageStatus: status)
                {
                    result.append(JSONObject.Member(key: member.key, value: transformed))
                } else {
                    walk.builder.truncate(to: memberMark)
                }
            }
            walk.builder.endContainer(mark, count: result.count)
            return .object(JSONObject(distinctMembers: result))
        case (_, .array(let elements)):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            let mark = walk.builder.beginContainer(object: false)
            var elementIndex = walk.document.firstChild(of: index)
            for (position, element) in elements.enumerated() {
                path.append(String(position))
                defer { path.removeLast() }
                if let transformed = try transform(
                    element, at: elementIndex, walk, node: node?.elements, name: nil, inherited: action,
                    ageStatus: ageStatus)
                {
                    result.append(transformed)
                }
                elementIndex = walk.document.index(after: elementIndex)
            }
            walk.builder.endContainer(mark, count: result.count)
            return .array(result)
        case (.keep, _):
            return walk.pass(value, at: index)
        case (.freeText, .string(let text)):
            return walk.emit(.string(scan(text)))
        case (.freeText, _):
            return walk.pass(value, at: index)
        case (.pseudonymise(let category), .string(let text)):
            return walk.emit(.string(pseudonym(of: text, category: category)))
        case (.pseudonymise, _):
            throw .unsupportedValue(location: pointer, action: action.description)
        case (.generalise(let kind), .string(let text)):
            guard let date = CalendarDate(text), text.utf8.count == 10 else { throw .notADate(location: pointer) }
            switch kind {
            case .year: return walk.emit(.string(date.yearText))
            case .yearMonth: return walk.emit(.string(date.yearMonthText))
            case .ageBand:
                return walk.emit(.string(AgeBand(birth: date, reference: reference, ageStatus: ageStatus).rawValue))
            }
        case (.generalise, _):
            throw .notADate(location: pointer)
        }
    }

    /// Checks that every member in a kept subtree has an annotation (the policy fails closed),
    /// without rebuilding the subtree.
    private mutating func checkAnnotated(_ value: JSONValue, node: PolicyPlan.Node) throws(PseudonymisationError) {
        switch value {
        case .object(let object):
            for member in object.memberList {
                path.append(member.key)
                defer { path.removeLast() }
                guard let child = node.property(named: member.key) else { throw .missingAnnotation(location: pointer) }
                if Self.isContainer(member.value) { try checkAnnotated(member.value, node: child) }
            }
        case .array(let elements):
            guard let child = node.elements else { return }
            for (index, element) in elements.enumerated() where Self.isContainer(element) {
                path.append(String(index))
                defer { path.removeLast() }
                try checkAnnotated(element, node: child)
            }
        default:
            return
        }
    }

    private static func isContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .array: true
        default: false
        }
    }

    // MARK: - Values

    private mutating func pseudonym(of text: String, category: PseudonymCategory) -> String {
        let cacheKey = CacheKey(slot: Self.categorySlot(category), text: text)
        if let known = cache[cacheKey] { return known }
        let made = key.pseudonym(of: text, category: category, callingCode: callingCode)
        cache[cacheKey] = made
        // The first original stays: the default is stored only when the pseudonym is new, with one lookup.
        Self.touch(&originals[made, default: text])
        return made
    }

    private static func touch(_ value: inout String) {}

    /// A small number per category, so the cache is found without hashing the category's name.
    private static func categorySlot(_ category: PseudonymCategory) -> UInt8 {
        switch category {
        case .personName: 0
        case .nationalID: 1
        case .phone: 2
        case .email: 3
        case .caseRef: 4
        case .address: 5
        case .other: 6
        }
    }

    /// The text with identity numbers, e-mail addresses, phone numbers and the record's own
    /// protected values replaced.
    private mutating func scan(_ text: String) -> String {
        if scanner == nil { scanner = FreeTextScanner(terms: terms) }
        let scanner = self.scanner!
        return scanner.redact(text) { match in
            switch match.kind {
            case .term(let index): return replacements[index]
            case .nationalID: return pseudonym(of: String(text[match.range]), category: .nationalID)
            case .email: return pseudonym(of: String(text[match.range]), category: .email)
            case .phone: return pseudonym(of: String(text[match.range]), category: .phone)
            }
        }
    }

    /// A JSON Pointer token for `key` (`~` → `~0`, `/` → `~1`).
    private static func escape(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
