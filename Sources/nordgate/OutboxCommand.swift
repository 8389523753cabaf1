import ArgumentParser
import Foundation
import NordgateCore

/// `nordgate outbox …`: the operator's view of messages waiting to go out, and of dead letters.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List, retry and purge outgoing messages (dead letters included).",
        subcommands: [List.self, Retry.self, Purge.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List outbox messages, oldest first (ids, peers, states; never payloads)."
        )

        @OptionGroup var data: DataOptions
        @Option(
            name: .long,
            parsing: .singleValue,
            help: "Only this state (repeatable): queued, delivering, delivered, failed, expired, dead."
        )
        var state: [String] = []
        @Option(help: "Only messages to this next-hop authority, e.g. DK-CA.") var peer: String?
        @Option(help: "At most this many rows (1...10000).") var limit: Int = 100
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try withUsageExit {
                var states = Set<OutboxState>()
                for name in state {
                    guard let parsed = OutboxState(rawValue: name) else {
                        let all = OutboxState.allCases.map(\.rawValue).joined(separator: ", ")
                        throw UsageFailure("'\(name)' is not an outbox state; use one of \(all).")
                    }
                    states.insert(parsed)
                }
                if let peer, !AuthorityID.isValid(peer) {
                    throw UsageFailure("'\(peer)' is not an authority id such as DK-CA.")
                }
                guard (1...StoreLimits.maxListLimit).contains(limit) else {
                    throw UsageFailure("--limit must be 1 to \(StoreLimits.maxListLimit).")
                }
                let records = try data.openStore().listOutbox(states: states, peer: peer, limit: limit)
                switch format {
                case .json: print(Self.json(records))
                case .text: Self.printTable(records)
                }
            }
        }

        static func json(_ records: [OutboxRecord]) -> String {
            let rows: [[String: Any]] = records.map { record in
                var row: [String: Any] = [
                    "id": record.id, "peer": record.message.peer, "recipients": record.message.recipients,
                    "type": record.message.type, "state": record.state.rawValue, "attempts": record.attempts,
                    "created": TimeText.format(record.message.created),
                    "expires": TimeText.format(record.message.expires),
                    "nextAttempt": TimeText.format(record.nextAttempt), "updated": TimeText.format(record.updated),
                    "envelopeBytes": record.message.envelope.count, "hasReceipt": record.receipt != nil,
                ]
                if let error = record.lastError { row["lastError"] = error }
                return row
            }
            let data =
                (try? JSONSerialization.data(withJSONObject: ["messages": rows], options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }

        static func printTable(_ records: [OutboxRecord]) {
            guard !records.isEmpty else {
                print("No messages.")
                return
            }
            let header = ["ID", "PEER", "TYPE", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "EXPIRES", "LAST ERROR"]
            let rows = records.map { record in
                [
                    record.id, record.message.peer, record.message.type, record.state.rawValue, String(record.attempts),
                    TimeText.format(record.nextAttempt), TimeText.format(record.message.expires),
                    record.lastError ?? "-",
                ]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                print(
                    row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
                )
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a failed, dead or expired message again, due now (audited).",
            discussion: "A message past its expiry cannot be retried: receivers refuse it; submit it anew."
        )

        @OptionGroup var data: DataOptions
        @Argument(help: "The message id (a UUID).") var id: String

        func run() throws {
            try withUsageExit {
                guard UUID(uuidString: id) != nil else { throw UsageFailure("'\(id)' is not a message id (a UUID).") }
                let store = try data.openStore()
                guard let record = try store.outboxRecord(id: id) else {
                    FileHandle.standardError.write(Data("Error: no outbox message with id \(id.lowercased()).\n".utf8))
                    throw ExitCode(1)
                }
                try store.retry(id: id, now: Date())
                try store.append(
                    AuditEvent(
                        kind: "outbox.retry",
                        actor: OperatorIdentity.actor,
                        subject: record.id,
                        details: ["from": record.state.rawValue, "peer": record.message.peer]
                    )
                )
                print("Message \(record.id) is queued again (was \(record.state.rawValue)).")
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete delivered, expired or dead messages: one by id, or all older than a duration (audited)."
        )

        @OptionGroup var data: DataOptions
        @Argument(help: "The message id (a UUID).") var id: String?
        @Option(help: "Delete every finished message last changed longer ago than this, e.g. 30d.")
        var olderThan: String?

        func run() throws {
            try withUsageExit {
                switch (id, olderThan) {
                case (let id?, nil):
                    guard UUID(uuidString: id) != nil else {
                        throw UsageFailure("'\(id)' is not a message id (a UUID).")
                    }
                    let store = try data.openStore()
                    guard let record = try store.outboxRecord(id: id) else {
                        FileHandle.standardError.write(
                            Data("Error: no outbox message with id \(id.lowercased()).\n".utf8)
                        )
                        throw ExitCode(1)
                    }
                    try store.purge(id: id)
                    try store.append(
                        AuditEvent(
                            kind: "outbox.purge",
                            actor: OperatorIdentity.actor,
                            subject: record.id,
                            details: ["state": record.state.rawValue, "peer": record.message.peer]
                        )
                    )
                    print("Message \(record.id) is purged.")
                case (nil, let text?):
                    guard let age = DurationText.parse(text) else {
                        throw UsageFailure("'\(text)' is not a duration; write a number and a unit, e.g. 30d, 12h.")
                    }
                    let store = try data.openStore()
                    let count = try store.purge(olderThan: Date().addingTimeInterval(-age))
                    try store.append(
                        AuditEvent(
                            kind: "outbox.purge",
                            actor: OperatorIdentity.actor,
                            subject: "outbox",
                            details: ["olderThan": text, "count": String(count)]
                        )
                    )
                    print("Purged \(count) messages.")
                default:
                    throw UsageFailure("Give either a message id or --older-than DURATION, not both or neither.")
                }
            }
        }
    }
}
