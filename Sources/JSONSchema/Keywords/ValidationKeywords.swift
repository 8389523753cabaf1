import Foundation

// The validation vocabulary: assertions on a single instance. (`type` is checked inline by SchemaNode.)

final class EnumKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let count: Int
    let values: Set<JSONValue>
    /// When every allowed value is a string (the usual case), their UTF-8 bytes for a hash-free scan.
    let strings: [[UInt8]]?

    init(_ values: [JSONValue]) {
        count = values.count
        self.values = Set(values)
        let strings = values.compactMap(\.stringValue)
        self.strings = strings.count == values.count && values.count <= 16 ? strings.map { Array($0.utf8) } : nil
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        if let strings {
            if tape.kind(at: instance) == .string, Self.contains(strings, tape.utf8(at: instance)) { return true }
        } else if values.contains(tape.value(at: instance)) {
            return true
        }
        context.fail(node, "enum", "value is not one of the \(count) allowed values")
        return false
    }

    private static func contains(_ strings: [[UInt8]], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for candidate in strings where candidate.count == bytes.count {
            if candidate.withUnsafeBufferPointer({ JSONTape.bytesEqual($0, bytes) }) { return true }
        }
        return false
    }
}

final class ConstKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let value: JSONValue
    /// The bytes of a string constant, compared without building the instance's string.
    let string: [UInt8]?
    init(_ value: JSONValue) {
        self.value = value
        string = value.stringValue.map { Array($0.utf8) }
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        if let string {
            if tape.kind(at: instance) == .string, string.withUnsafeBufferPointer({
                JSONTape.bytesEqual($0, tape.utf8(at: instance))
            }) {
                return true
            }
        } else if tape.value(at: instance) == value {
            return true
        }
        context.fail(node, "const", "value is not the constant the schema requires")
        return false
    }
}

final class MultipleOfKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let divisor: DecimalArithmetic.Divisor
    let text: String
    init(_ number: JSONNumber) {
        divisor = DecimalArithmetic.Divisor(number)
        text = number.displayText
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        let kind = tape.kind(at: instance)
        guard kind == .number || kind == .bigNumber else { return true }
        if let (_, significand, exponent) = tape.inlineNumber(at: instance) {
            if divisor.divides(significand: significand, exponent: exponent) { return true }
        } else if divisor.divides(tape.number(at: instance)) {
            return true
        }
        context.fail(node, "multipleOf", "number is not a multiple of \(text)")
        return false
    }
}

final class BoundKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let bound: NumericBound
    let limit: JSONNumber
    /// The limit's parts when it has at most 19 significant digits, for comparing without building numbers.
    let inlineLimit: DecimalArithmetic.Inline?
    init(_ bound: NumericBound, _ limit: JSONNumber) {
        self.bound = bound
        self.limit = limit
        inlineLimit = DecimalArithmetic.Inline(limit)
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        let kind = tape.kind(at: instance)
        guard kind == .number || kind == .bigNumber else { return true }
        let order: Int
        if let inlineLimit, let (negative, significand, exponent) = tape.inlineNumber(at: instance) {
            order = DecimalArithmetic.compare(
                DecimalArithmetic.Inline(negative: negative, significand: significand, exponent: exponent), inlineLimit)
        } else {
            order = DecimalArithmetic.compare(tape.number(at: instance), limit)
        }
        let valid: Bool
        let relation: String
        switch bound {
        case .maximum: (valid, relation) = (order <= 0, "greater than maximum")
        case .exclusiveMaximum: (valid, relation) = (order < 0, "not less than exclusiveMaximum")
        case .minimum: (valid, relation) = (order >= 0, "less than minimum")
        case .exclusiveMinimum: (valid, relation) = (order > 0, "not greater than exclusiveMinimum")
        }
        if valid { return true }
        context.fail(node, bound.keyword, "number is \(relation) \(limit.displayText)")
        return false
    }
}

/// `minLength`, `maxLength`, `pattern` and (when asserted) `format` of one schema, checked together.
final class StringKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    /// Whether the schema's `type` is exactly `"string"`, checked here instead of by the node.
    let requireString: Bool
    let minimum: Int
    let maximum: Int
    let pattern: (regex: ECMARegex, source: String)?
    /// ``pattern``'s expression without ownership (the tuple owns it), so matching does no reference counting.
    private let regex: Unmanaged<ECMARegex>?
    let format: (name: String, check: @Sendable (String) -> Bool)?

    init(
        requireString: Bool, minimum: Int, maximum: Int, pattern: (regex: ECMARegex, source: String)?,
        format: (name: String, check: @Sendable (String) -> Bool)?
    ) {
        self.requireString = requireString
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        regex = pattern.map { Unmanaged.passUnretained($0.regex) }
        self.format = format
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .string else {
            if !requireString { return true }
            context.fail(node, "type", "value is of type \(tape.schemaTypeName(at: instance)), expected string")
            return false
        }
        let utf8 = tape.utf8(at: instance)
        var valid = true
        let bytes = utf8.count
        // A code point takes one to four UTF-8 bytes, which often settles the count without walking the string.
        if bytes > maximum || (bytes + 3) / 4 < minimum {
            let length = Self.scalarCount(utf8)
            if length < minimum {
                valid = false
                context.fail(node, "minLength", "string is shorter than minLength \(minimum)")
            }
            if length > maximum {
                valid = false
                context.fail(node, "maxLength", "string is longer than maxLength \(maximum)")
            }
            if !valid && !context.collectErrors { return false }
        }
        if let regex, !regex._withUnsafeGuaranteedRef({ $0.matches(utf8: utf8) }) {
            valid = false
            guard context.collectErrors else { return false }
            context.fail(node, "pattern", "string does not match pattern \(pattern?.source ?? "")")
        }
        if let format, !format.check(tape.string(at: instance)) {
            valid = false
            context.fail(node, "format", "string is not a valid \(format.name)")
        }
        return valid
    }

    /// The number of Unicode scalars in valid UTF-8: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Eight bytes at a time: a continuation byte (10xxxxxx) has its top bit set and the next one clear.
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var continuations = 0
        var position = 0
        guard let start = bytes.baseAddress else { return 0 }
        let base = UnsafeRawPointer(start)
        while position &+ 8 <= bytes.count {
            let word = (base + position).loadUnaligned(as: UInt64.self)
            continuations &+= (word & ~(word &<< 1) & highBits).nonzeroBitCount
            position &+= 8
        }
        while position < bytes.count {
            if bytes[position] & 0xC0 == 0x80 { continuations &+= 1 }
            position &+= 1
        }
        return bytes.count &- continuations
    }
}

final class ItemCountKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let minimum: Int
    let maximum: Int
    let unique: Bool
    init(minimum: Int, maximum: Int, unique: Bool) {
        self.minimum = minimum
        self.maximum = maximum
        self.unique = unique
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .array else { return true }
        let count = tape.containerCount(at: instance)
        var valid = true
        if count < minimum {
            valid = false
            context.fail(node, "minItems", "array has fewer than minItems \(minimum) items")
        }
        if count > maximum {
            valid = false
            context.fail(node, "maxItems", "array has more than maxItems \(maximum) items")
        }
        if unique && count > 1 && (valid || context.collectErrors) && !Self.allUnique(instance, tape) {
            valid = false
            context.fail(node, "uniqueItems", "array items are not unique")
        }
        return valid
    }

    /// Whether the elements of the array at `instance` differ pairwise as JSON values.
    private static func allUnique(_ instance: Int, _ tape: JSONTapeView) -> Bool {
        let count = tape.containerCount(at: instance)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { items in
            var item = instance + 1
            for position in 0..<count {
                items[position] = item
                item = tape.next(after: item)
            }
            if count <= 8 {
                for i in 1..<count {
                    for j in 0..<i where tape.equal(items[i], items[j]) { return false }
                }
                return true
            }
            var seen = Set<JSONValue>(minimumCapacity: count)
            for item in items where !seen.insert(tape.value(at: item)).inserted { return false }
            return true
        }
    }
}

final class PropertyCountKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let minimum: Int
    let maximum: Int
    init(minimum: Int, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        let count = tape.containerCount(at: instance)
        var valid = true
        if count < minimum {
            valid = false
            context.fail(node, "minProperties", "object has fewer than minProperties \(minimum) properties")
        }
        if count > maximum {
            valid = false
            context.fail(node, "maxProperties", "object has more than maxProperties \(maximum) properties")
        }
        return valid
    }
}

final class RequiredKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let names: [String]
    init(_ names: [String]) { self.names = names }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        var valid = true
        for name in names where tape.member(name, in: instance) == nil {
            valid = false
            guard context.collectErrors else { break }
            context.fail(node, "required", "missing required property \"\(name)\"")
        }
        return valid
    }
}

final class DependentRequiredKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let dependencies: [(property: String, required: [String])]
    init(_ dependencies: [(property: String, required: [String])]) { self.dependencies = dependencies }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        var valid = true
        for (property, names) in dependencies where tape.member(property, in: instance) != nil {
            for name in names where tape.member(name, in: instance) == nil {
                valid = false
                guard context.collectErrors else { return false }
                context.fail(node, "dependentRequired", "property \"\(property)\" requires property \"\(name)\"")
            }
        }
        return valid
    }
}
