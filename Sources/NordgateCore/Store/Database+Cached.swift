import GRDB

extension Database {
    /// Executes `sql` through the connection's statement cache (compiled once per connection), then
    /// drops the arguments the cached statement keeps, so that no envelope, receipt or vault bytes of
    /// the last call stay referenced from the cache until the statement is used again.
    func executeCached(_ sql: String, arguments: StatementArguments) throws {
        let statement = try cachedStatement(sql: sql)
        try statement.execute(arguments: arguments)
        // After a successful step the reset inside cannot fail.
        statement.setUncheckedArguments(StatementArguments())
    }
}
