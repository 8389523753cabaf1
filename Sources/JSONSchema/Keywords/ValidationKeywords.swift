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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        if let strings {
            if case .string(let string) = instance, Self.contains(strings, string) { return true }
        } else if values.contains(instance) {
            return true
        }
        context.fail(node, "enum", "value is not one of the \(count) allowed values")
        return false
    }

    private static func contains(_ strings: [[UInt8]], _ string: String) -> Bool {
        let utf8 = string.utf8
        let length = utf8.count
        let found = utf8.withContiguousStorageIfAvailable { bytes in
            for candidate in strings where candidate.count == length {
                let equal = candidate.withUnsafeBufferPointer { candidate in
                    length == 0 || memcmp(candidate.baseAddress!, bytes.baseAddress!, length) == 0
                }
                if equal { return true }
            }
            return false
        }
        return found ?? strings.contains { $0.elementsEqual(utf8) }
    }
}

final class ConstKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        if instance == value { return true }
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .number(let number) = instance, !divisor.divides(number) else { return true }
        context.fail(node, "multipleOf", "number is not a multiple of \(text)")
        return false
    }
}

final class BoundKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let bound: NumericBound
    let limit: JSONNumber
    let limitInt: Int?
    init(_ bound: NumericBound, _ limit: JSONNumber) {
        self.bound = bound
        self.limit = limit
        limitInt = limit.intValue
    }

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .number(let number) = instance else { return true }
        let order: Int
        if let limitInt, number.exponent == 0, number.significand.utf8.count < 18, let value = number.intValue {
            order = value < limitInt ? -1 : (value == limitInt ? 0 : 1)
        } else {
            order = DecimalArithmetic.compare(number, limit)
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
    let format: (name: String, check: @Sendable (String) -> Bool)?

    init(
        requireString: Bool, minimum: Int, maximum: Int, pattern: (regex: ECMARegex, source: String)?,
        format: (name: String, check: @Sendable (String) -> Bool)?
    ) {
        self.requireString = requireString
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.format = format
    }

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .string(let string) = instance else {
            if !requireString { return true }
            context.fail(node, "type", "value is of type \(instance.schemaTypeName), expected string")
            return false
        }
        var valid = true
        let bytes = string.utf8.count
        // A code point takes one to four UTF-8 bytes, which often settles the count without walking the string.
        if bytes > maximum || (bytes + 3) / 4 < minimum {
            let length = Self.scalarCount(string)
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
        if let pattern, !pattern.regex.matches(string) {
            valid = false
            guard context.collectErrors else { return false }
            context.fail(node, "pattern", "string does not match pattern \(pattern.source)")
        }
        if let format, !format.check(string) {
            valid = false
            context.fail(node, "format", "string is not a valid \(format.name)")
        }
        return valid
    }

    /// The number of Unicode scalars: UTF-8 bytes that are not continuation bytes.
    static func scalarCount(_ string: String) -> Int {
        let counted = string.utf8.withContiguousStorageIfAvailable { bytes in
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
        return counted ?? string.unicodeScalars.count
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .array(let items) = instance else { return true }
        var valid = true
        if items.count < minimum {
            valid = false
            context.fail(node, "minItems", "array has fewer than minItems \(minimum) items")
        }
        if items.count > maximum {
            valid = false
            context.fail(node, "maxItems", "array has more than maxItems \(maximum) items")
        }
        if unique && items.count > 1 && (valid || context.collectErrors) && !Self.allUnique(items) {
            valid = false
            context.fail(node, "uniqueItems", "array items are not unique")
        }
        return valid
    }

    private static func allUnique(_ items: [JSONValue]) -> Bool {
        if items.count <= 8 {
            for i in 1..<items.count {
                for j in 0..<i where items[i] == items[j] { return false }
            }
            return true
        }
        var seen = Set<JSONValue>(minimumCapacity: items.count)
        for item in items where !seen.insert(item).inserted { return false }
        return true
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        if object.count < minimum {
            valid = false
            context.fail(node, "minProperties", "object has fewer than minProperties \(minimum) properties")
        }
        if object.count > maximum {
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for name in names where !object.contains(name) {
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (property, names) in dependencies where object.contains(property) {
            for name in names where !object.contains(name) {
                valid = false
                guard context.collectErrors else { return false }
                context.fail(node, "dependentRequired", "property \"\(property)\" requires property \"\(name)\"")
            }
        }
        return valid
    }
}
