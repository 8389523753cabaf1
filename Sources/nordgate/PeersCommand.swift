import ArgumentParser
import Foundation
import NordgateCore

/// `nordgate peers …`: the authorities this gateway trusts.
struct PeersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "List and remove trusted peers (add them with `nordgate keys import-peer`).",
        subcommands: [List.self, Remove.self, PeersRefreshCommand.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the trusted peers and their current keys.")

        @OptionGroup var keyring: KeyringOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        struct Row: Encodable {
            var authority: String
            var generation: Int
            var imported: Date
            var signingKey: String
            var signingFingerprint: String
            var encryptionKey: String
        }

        func run() throws {
            let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
            let rows = try PeerDirectory.load(for: ring).peers.map { peer in
                let signing = peer.descriptor.activeSigningKey!
                return Row(
                    authority: peer.authority, generation: peer.descriptor.generation, imported: peer.imported,
                    signingKey: signing.id, signingFingerprint: KeyFingerprint.of(publicKey: try signing.publicKeyBytes()),
                    encryptionKey: peer.descriptor.activeEncryptionKey?.id ?? "-")
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            case .text:
                print(
                    TextTable.render(
                        [["AUTHORITY", "GENERATION", "SIGNING KEY", "FINGERPRINT", "ENCRYPTION KEY"]]
                            + rows.map {
                                [$0.authority, String($0.generation), $0.signingKey, $0.signingFingerprint, $0.encryptionKey]
                            }))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop trusting a peer.")

        @OptionGroup var keyring: KeyringOptions
        @Argument(help: "The peer's authority id.") var authority: String

        func run() throws {
            try PeerDirectory.modify(keyring.folder, passphrase: try keyring.passphrase()) { directory, _ in
                try directory.remove(authority)
            }
            print("Removed peer \(authority).")
        }
    }
}
