import Foundation
import GRDB

/// Reading columns without trusting their types: a tampered or damaged row becomes an error
/// (or a malformed audit row), never a crash.
struct StoreRow {
    let row: Row
    let table: String

    func value(_ column: String) -> DatabaseValue { row[column] }

    func int(_ column: String) throws(StoreError) -> Int64 {
        guard let value = Int64.fromDatabaseValue(value(column)) else { throw bad(column) }
        return value
    }

    func optionalInt(_ column: String) throws(StoreError) -> Int64? {
        if value(column).isNull { return nil }
        return try int(column)
    }

    func text(_ column: String) throws(StoreError) -> String {
        guard case .string(let string) = value(column).storage else { throw bad(column) }
        return string
    }

    func optionalText(_ column: String) throws(StoreError) -> String? {
        if value(column).isNull { return nil }
        return try text(column)
    }

    func bytes(_ column: String) throws(StoreError) -> [UInt8] {
        guard case .blob(let data) = value(column).storage else { throw bad(column) }
        return [UInt8](data)
    }

    func optionalBytes(_ column: String) throws(StoreError) -> [UInt8]? {
        if value(column).isNull { return nil }
        return try bytes(column)
    }

    func date(_ column: String) throws(StoreError) -> Date { StoreTime.date(try int(column)) }

    private func bad(_ column: String) -> StoreError {
        .corrupt(table: table, reason: "column \(column) has the wrong type")
    }
}
