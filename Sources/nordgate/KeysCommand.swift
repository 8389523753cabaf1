import ArgumentParser
import Foundation
import NordgateCore
import Sodium

/// `nordgate keys …`: the operator's key management.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, rotate, stage, promote and revoke this gateway's keys; exchange descriptors.",
        subcommands: [
            Init.self, List.self, Rotate.self, Promote.self, Revoke.self, ExportPublic.self, ImportPeer.self,
            KeysExportShared.self, KeysImportShared.self,
        ]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a keyring with one active key of each kind.")

        @OptionGroup var keyring: KeyringOptions

        @Option(help: "This gateway's authority id, e.g. NO-CA.")
        var authority: String

        @Option(help: "Argon2id cost for the passphrase: interactive, moderate or sensitive.")
        var kdfCost: KDFCost = .moderate

        func run() throws {
            guard AuthorityID.isValid(authority) else { throw ValidationError(KeyringError.invalidAuthority(authority).description) }
            let created = try Keyring.create(
                in: keyring.folder, authority: authority, passphrase: try keyring.passphrase(confirm: true),
                cost: kdfCost.cost)
            print("Created the keyring of \(authority) in \(keyring.folder) with \(created.keys.count) keys.")
            try KeyTable.print(created, format: .text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the keys: ids, kinds, states, validity and fingerprints (never secrets).")

        @OptionGroup var keyring: KeyringOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try KeyTable.print(try Keyring.open(keyring.folder, passphrase: try keyring.passphrase()), format: format)
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new version of a key; the previous one stays decrypt-only for the grace period.",
            discussion: """
                A superseded signing key is retired at once but still verifies what it signed before.
                With --stage the new key is pending until `nordgate keys promote ID`, so peers can
                import it first.
                """)

        @OptionGroup var keyring: KeyringOptions
        @Option(help: "signing, encryption, pseudonym or vault.", transform: parseKind) var kind: KeyKind
        @Option(help: "The pseudonymisation domain (pseudonym keys; default: local).") var domain: String?
        @Option(help: "How long the previous key keeps decrypting, e.g. 30d, 12h.") var grace: String = "30d"
        @Flag(help: "Make the new key pending instead of active.") var stage = false

        func run() throws {
            let grace = try parseGrace(grace)
            let key = try Keyring.modify(keyring.folder, passphrase: try keyring.passphrase()) { ring in
                try ring.rotate(kind: kind, domain: domain, grace: grace, stage: stage)
            }
            print("New \(key.kind.rawValue) key \(key.id) is \(key.state.rawValue).")
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a pending key active.")

        @OptionGroup var keyring: KeyringOptions
        @Argument(help: "The id of the pending key.") var keyID: String
        @Option(help: "How long the key it replaces keeps decrypting.") var grace: String = "30d"

        func run() throws {
            let grace = try parseGrace(grace)
            try Keyring.modify(keyring.folder, passphrase: try keyring.passphrase()) { ring in
                try ring.promote(id: keyID, grace: grace)
            }
            print("Key \(keyID) is active.")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key for good.")

        @OptionGroup var keyring: KeyringOptions
        @Argument(help: "The id of the key.") var keyID: String
        @Option(help: "Why (kept in the keyring and published to peers; no personal data).") var reason: String

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.count <= 500 else {
                throw ValidationError("--reason must say why, in 1 to 500 characters.")
            }
        }

        func run() throws {
            try Keyring.modify(keyring.folder, passphrase: try keyring.passphrase()) { ring in
                try ring.revoke(id: keyID, reason: reason)
            }
            print("Key \(keyID) is revoked. Export the descriptor again so peers learn of it.")
        }
    }

    struct ExportPublic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this authority's signed public descriptor for its peers.")

        @OptionGroup var keyring: KeyringOptions
        @Option(help: "Write it to this file instead of standard output.") var output: String?

        func run() throws {
            let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
            let bytes = try PublicDescriptor.make(from: ring)
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                    throw ValidationError("Cannot write \(output); check the folder exists and is writable.")
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    struct ImportPeer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update a peer from its descriptor.",
            discussion: """
                A first import prints the peer's signing-key fingerprint and needs --trust-new once
                you have compared it with the peer over another channel. Updates are accepted only
                when signed along the peer's signing-key chain.
                """)

        @OptionGroup var keyring: KeyringOptions
        @Argument(help: "The descriptor file.") var file: String
        @Flag(help: "Trust a peer seen for the first time.") var trustNew = false

        func run() throws {
            let bytes = try readInput(file, limit: 1 << 20)
            let outcome = try PeerDirectory.modify(keyring.folder, passphrase: try keyring.passphrase()) {
                directory, ring in
                try directory.importDescriptor(bytes, trustNew: trustNew, ownAuthority: ring.authority)
            }
            switch outcome {
            case .added(let authority, let fingerprint):
                print("Added peer \(authority) (signing key \(fingerprint)).")
            case .updated(let authority, let from, let to):
                print("Updated peer \(authority) from generation \(from) to \(to).")
            case .unchanged(let authority):
                print("Peer \(authority) is already up to date.")
            }
        }
    }
}

/// Argon2id costs an operator can pick.
enum KDFCost: String, ExpressibleByArgument, CaseIterable {
    case interactive, moderate, sensitive

    var cost: PasswordHash.Cost {
        switch self {
        case .interactive: .interactive
        case .moderate: .moderate
        case .sensitive: .sensitive
        }
    }
}

/// Output formats of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

func parseKind(_ text: String) throws -> KeyKind {
    guard let kind = KeyKind(rawValue: text) else {
        throw ValidationError("'\(text)' is not a key kind; use signing, encryption, pseudonym or vault.")
    }
    return kind
}

func parseGrace(_ text: String) throws -> TimeInterval {
    guard let grace = DurationText.parse(text) else {
        throw ValidationError("'\(text)' is not a duration; write a number and a unit, e.g. 30d, 12h, 90m.")
    }
    return grace
}

/// Reads an input file with a size limit, with an operator-friendly error.
func readInput(_ path: String, limit: Int) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw ValidationError("Cannot read \(path); check the path and its permissions.")
    }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: limit + 1)) ?? nil
    let bytes = [UInt8](data ?? Data())
    guard bytes.count <= limit else { throw ValidationError("\(path) is larger than \(limit) bytes; it cannot be valid.") }
    return bytes
}
