/// One compiled keyword of a schema, holding its precomputed data.
///
/// Keywords are small immutable classes so that evaluating one is a single dynamic call that reads
/// its data in place, without copying enum payloads. It is a base class rather than a protocol so
/// that a node can hold its keywords as `Unmanaged` references and call them without reference counting.
class KeywordEvaluator: @unchecked Sendable {
    // @unchecked: every subclass keeps only constants set by its initialiser, so instances are read-only
    // once built.

    /// Applies the keyword to `instance`; every subclass overrides it.
    /// - Parameters:
    ///   - instance: the value being evaluated, as its index in `context.tape`.
    ///   - node: the schema the keyword belongs to (for error locations and child evaluation).
    ///   - context: errors, annotations and scope of this evaluation.
    ///   - evaluated: what the schema has evaluated so far; keywords that produce annotations for
    ///     `unevaluated*` add to it when `local` is set.
    ///   - local: whether the schema needs annotations from this keyword.
    /// - Returns: whether the instance passes the keyword.
    func apply(
        _ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
        _ evaluated: inout EvaluatedLocations, _ local: Bool
    ) -> Bool {
        preconditionFailure("\(type(of: self)) does not implement apply")
    }
}
