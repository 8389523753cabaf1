import Foundation
import JSONSchema

/// The application of a policy to one record: the actions found by the validator, the terms the
/// record's own protected values give the free-text scanner, and the pseudonyms made so far.
///
/// The record is read as its parsed document, value by value, without building its tree: a value is
/// turned into a `String` only when the policy needs its text.
struct PolicyRun {
    /// The record.
    let document: JSONDocument
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
    /// The steps to the location being visited.
    private var path: [Step] = []

    /// One step of a location: into the member whose key is at a document index, or to an array position.
    private enum Step {
        case member(key: Int)
        case element(Int)
    }

    init(
        document: JSONDocument, rules: [PolicyTightening.Rule], messageType: String, key: PseudonymKey,
        callingCode: String?, reference: CalendarDate
    ) {
        self.document = document
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
    /// - Parameter key: the document index of the member's key, or `nil` for an array element or the root.
    private func action(of node: PolicyPlan.Node?, key: Int?, inherited: PrivacyAction?) throws(
        PseudonymisationError
    ) -> PrivacyAction {
        if node?.hasInvalidAnnotation == true { throw .invalidAnnotation(location: pointer) }
        var action = node?.action
        let name = rules.isEmpty ? nil : key.map(document.string(at:))
        let tokens = rules.isEmpty ? [] : self.tokens
        for rule in rules where rule.matches(name: name, path: tokens) {
            if let schemaAction = action ?? inherited, !schemaAction.allowsTightening(to: rule.action) {
                throw .loosening(
                    messageType: messageType, rule: rule.key, schemaAction: schemaAction.description,
                    configuredAction: rule.action.description)
            }
            action = max(action ?? rule.action, rule.action)
        }
        if let action { return action }
        // Object members must be annotated (the policy fails closed); array elements inherit.
        if key != nil { throw .missingAnnotation(location: pointer) }
        return inherited ?? .keep
    }

    /// The unescaped JSON Pointer tokens of the current location.
    private var tokens: [String] {
        path.map { step in
            switch step {
            case .member(let key): document.string(at: key)
            case .element(let position): String(position)
            }
        }
    }

    /// The JSON Pointer of the current location (for errors).
    private var pointer: String { tokens.map { "/" + Self.escape($0) }.joined() }

    /// The node of the member whose key is at `key`, below `node`.
    private func member(at key: Int, of node: PolicyPlan.Node?) -> PolicyPlan.Node? {
        guard let node else { return nil }
        return document.withUTF8(at: key) { node.property(utf8: $0) } ?? node.otherMembers
    }

    // MARK: - Terms

    /// Collects every string the record carries in a pseudonymise or redact field, with what it
    /// becomes, so that free text can replace the same values.
    mutating func collectTerms(plan: PolicyPlan) throws(PseudonymisationError) {
        try collect(JSONDocument.rootIndex, node: plan.root, key: nil, inherited: nil)
    }

    private mutating func collect(
        _ index: Int, node: PolicyPlan.Node?, key: Int?, inherited: PrivacyAction?
    ) throws(PseudonymisationError) {
        if let node, !node.mayHoldTerms, rules.isEmpty { return }
        let action = try self.action(of: node, key: key, inherited: inherited)
        let kind = document.kind(at: index)
        switch (action, kind) {
        case (.drop, _):
            return
        case (.redact, _):
            addRedactedStrings(index)
        case (.pseudonymise(let category), .string):
            let text = document.string(at: index)
            addTerm(text, replacement: pseudonym(of: text, category: category))
        case (_, .object):
            var child = document.firstChild(of: index)
            for _ in 0..<document.count(at: index) {
                path.append(.member(key: child))
                defer { path.removeLast() }
                try collect(child + 1, node: member(at: child, of: node), key: child, inherited: nil)
                child = document.index(after: child + 1)
            }
        case (_, .array):
            var child = document.firstChild(of: index)
            for position in 0..<document.count(at: index) {
                path.append(.element(position))
                defer { path.removeLast() }
                try collect(child, node: node?.elements, key: nil, inherited: action)
                child = document.index(after: child)
            }
        default:
            return
        }
    }

    private mutating func addRedactedStrings(_ index: Int) {
        switch document.kind(at: index) {
        case .string:
            addTerm(document.string(at: index), replacement: PrivacyAction.redactionMarker)
        case .array:
            var child = document.firstChild(of: index)
            for _ in 0..<document.count(at: index) {
                addRedactedStrings(child)
                child = document.index(after: child)
            }
        case .object:
            var child = document.firstChild(of: index)
            for _ in 0..<document.count(at: index) {
                addRedactedStrings(child + 1)
                child = document.index(after: child + 1)
            }
        default:
            break
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

    /// Appends the record as it may leave, every action applied, to `builder`. Call after
    /// ``collectTerms(plan:)``.
    /// - Parameters:
    ///   - builder: a builder copying from ``document``; unchanged values are copied, not encoded again.
    ///   - plan: the policy.
    mutating func transform(into builder: JSONDocumentBuilder, plan: PolicyPlan) throws(PseudonymisationError) {
        if try !transform(JSONDocument.rootIndex, into: builder, node: plan.root, key: nil, inherited: nil, ageStatus: nil) {
            builder.append(.null)
        }
    }

    /// Appends the transformed value at `index` to `builder`; returns `false`, having appended nothing,
    /// when the value is dropped.
    private mutating func transform(
        _ index: Int, into builder: JSONDocumentBuilder, node: PolicyPlan.Node?, key: Int?,
        inherited: PrivacyAction?, ageStatus: String?
    ) throws(PseudonymisationError) -> Bool {
        if let node, node.keepsEverything, rules.isEmpty, inherited == nil || inherited == .keep,
            key == nil || node.action != nil
        {
            if !node.coveredByValidation { try checkAnnotated(index, node: node) }
            builder.appendCopy(ofValueAt: index)
            return true
        }
        let action = try self.action(of: node, key: key, inherited: inherited)
        switch (action, document.kind(at: index)) {
        case (.drop, _):
            return false
        case (.redact, _):
            builder.append(.string(PrivacyAction.redactionMarker))
        case (_, .object):
            guard action == .keep else { throw .unsupportedValue(location: pointer, action: action.description) }
            let status = document.member("ageStatus", in: index).flatMap { status in
                document.kind(at: status) == .string ? document.string(at: status) : nil
            }
            let mark = builder.beginContainer(object: true)
            var kept = 0
            // Members are read in order, as they are in the document.
            var child = document.firstChild(of: index)
            for _ in 0..<document.count(at: index) {
                path.append(.member(key: child))
                defer { path.removeLast() }
                let memberMark = builder.count
                builder.appendCopy(ofValueAt: child)
                if try transform(
                    child + 1, into: builder, node: member(at: child, of: node), key: child, inherited: nil,
                    ageStatus: status)
                {
                    kept += 1
                } else {
                    builder.truncate(to: memberMark)
                }
                child = document.index(after: child + 1)
            }
            builder.endContainer(mark, count: kept)
        case (_, .array):
            let mark = builder.beginContainer(object: false)
            var kept = 0
            var child = document.firstChild(of: index)
            for position in 0..<document.count(at: index) {
                path.append(.element(position))
                defer { path.removeLast() }
                if try transform(
                    child, into: builder, node: node?.elements, key: nil, inherited: action, ageStatus: ageStatus)
                {
                    kept += 1
                }
                child = document.index(after: child)
            }
            builder.endContainer(mark, count: kept)
        case (.keep, _), (.freeText, .null), (.freeText, .bool), (.freeText, .number):
            builder.appendCopy(ofValueAt: index)
        case (.freeText, .string):
            builder.append(.string(scan(document.string(at: index))))
        case (.pseudonymise(let category), .string):
            builder.append(.string(pseudonym(of: document.string(at: index), category: category)))
        case (.pseudonymise, _):
            throw .unsupportedValue(location: pointer, action: action.description)
        case (.generalise(let kind), .string):
            let text = document.string(at: index)
            guard let date = CalendarDate(text), text.utf8.count == 10 else { throw .notADate(location: pointer) }
            switch kind {
            case .year: builder.append(.string(date.yearText))
            case .yearMonth: builder.append(.string(date.yearMonthText))
            case .ageBand:
                builder.append(.string(AgeBand(birth: date, reference: reference, ageStatus: ageStatus).rawValue))
            }
        case (.generalise, _):
            throw .notADate(location: pointer)
        }
        return true
    }

    /// Checks that every member in a kept subtree has an annotation (the policy fails closed),
    /// without rebuilding the subtree.
    private mutating func checkAnnotated(_ index: Int, node: PolicyPlan.Node) throws(PseudonymisationError) {
        switch document.kind(at: index) {
        case .object:
            var child = document.firstChild(of: index)
            for _ in 0..<document.count(at: index) {
                path.append(.member(key: child))
                defer { path.removeLast() }
                guard let member = document.withUTF8(at: child, { node.property(utf8: $0) }) else {
                    throw .missingAnnotation(location: pointer)
                }
                if isContainer(child + 1) { try checkAnnotated(child + 1, node: member) }
                child = document.index(after: child + 1)
            }
        case .array:
            guard let elements = node.elements else { return }
            var child = document.firstChild(of: index)
            for position in 0..<document.count(at: index) {
                if isContainer(child) {
                    path.append(.element(position))
                    defer { path.removeLast() }
                    try checkAnnotated(child, node: elements)
                }
                child = document.index(after: child)
            }
        default:
            return
        }
    }

    private func isContainer(_ index: Int) -> Bool {
        switch document.kind(at: index) {
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
