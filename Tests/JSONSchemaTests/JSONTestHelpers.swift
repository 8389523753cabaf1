import JSONSchema

/// Parses JSON text written in a test; a typo in a test's JSON is a test defect, so it traps.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONParser.parse(Array(text.utf8))
    } catch {
        preconditionFailure("test JSON does not parse: \(error)")
    }
}

/// Compiles a schema written as JSON text.
func validator(_ schema: String, registry: SchemaRegistry = .init(), assertFormats: Bool = false) throws -> Validator {
    var options = Validator.Options()
    options.assertFormats = assertFormats
    return try Validator(schema: json(schema), registry: registry, options: options)
}

extension Validator {
    /// Checks an instance in both modes, and from its bytes, and requires them to agree.
    func accepts(_ instance: String) -> Bool {
        let value = json(instance)
        let fast = isValid(value)
        let full = validate(value)
        precondition(fast == full.isValid, "isValid and validate disagree")
        let fromBytes = try? isValid(json: Array(instance.utf8))
        precondition(fromBytes == fast, "isValid(json:) disagrees with isValid")
        return fast
    }
}
