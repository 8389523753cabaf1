import Foundation
import NordgateCore

/// Prints a keyring's keys as a table or JSON: metadata and fingerprints, never secrets.
enum KeyTable {
    struct Row: Encodable {
        var id: String
        var kind: String
        var domain: String?
        var epoch: Int?
        var state: String
        var notBefore: Date
        var notAfter: Date?
        var revocationReason: String?
        var fingerprint: String
    }

    struct Listing: Encodable {
        var authority: String
        var keys: [Row]
    }

    static func print(_ keyring: Keyring, format: OutputFormat) throws {
        let now = Date()
        let rows = try keyring.keys.map { key in
            Row(
                id: key.id, kind: key.kind.rawValue, domain: key.domain, epoch: key.epoch,
                state: key.effectiveState(at: now).rawValue, notBefore: key.notBefore, notAfter: key.notAfter,
                revocationReason: key.revocation?.reason, fingerprint: try keyring.fingerprint(of: key))
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            Swift.print(String(decoding: try encoder.encode(Listing(authority: keyring.authority, keys: rows)), as: UTF8.self))
        case .text:
            let table = [["ID", "KIND", "DOMAIN", "STATE", "NOT BEFORE", "NOT AFTER", "FINGERPRINT"]]
                + rows.map { row in
                    [
                        row.id, row.kind, row.domain.map { "\($0) (epoch \(row.epoch ?? 0))" } ?? "-", row.state,
                        Self.day(row.notBefore), row.notAfter.map(Self.day) ?? "-", row.fingerprint,
                    ]
                }
            Swift.print(TextTable.render(table))
        }
    }

    private static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
    }
}

/// Plain left-aligned columns.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
