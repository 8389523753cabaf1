/// One compiled keyword of a schema, holding its precomputed data.
///
/// Keywords are small immutable classes so that evaluating one is a single dynamic call that reads
/// its data in place, without copying enum payloads.
protocol KeywordEvaluator: AnyObject, Sendable {
    /// Applies the keyword to `instance`.
    /// - Parameters:
    ///   - instance: the value being evaluated.
    ///   - node: the schema the keyword belongs to (for error locations and child evaluation).
    ///   - context: errors, annotations and scope of this evaluation.
    ///   - evaluated: what the schema has evaluated so far; keywords that produce annotations for
    ///     `unevaluated*` add to it when `local` is set.
    ///   - local: whether the schema needs annotations from this keyword.
    /// - Returns: whether the instance passes the keyword.
    func apply(
        _ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
        _ evaluated: inout EvaluatedLocations, _ local: Bool
    ) -> Bool
}
