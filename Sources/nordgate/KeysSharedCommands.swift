import ArgumentParser
import Foundation
import NordgateCore

/// `nordgate keys export-shared`: the coordinator of a shared pseudonym domain hands its key to members.
struct KeysExportShared: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-shared",
        abstract: "Seal a shared pseudonym domain's key to member authorities and sign it as coordinator.",
        discussion: """
            The domain's key must exist (`nordgate keys rotate --kind pseudonym --domain D` makes or
            renews it) and each member must be a peer. Each member gets a copy sealed to its active
            encryption key; the file is signed with this gateway's signing key. Members install it
            with `nordgate keys import-shared --domain D FILE`.
            """)

    @OptionGroup var keyring: KeyringOptions
    @Option(help: "The shared domain, e.g. nordic-police.") var domain: String
    @Option(parsing: .upToNextOption, help: "The member authorities, e.g. DK-POL SE-POL.") var to: [String]
    @Option(help: "Write the file here instead of standard output.") var output: String?

    func validate() throws {
        guard !to.isEmpty else { throw ValidationError("Name at least one member with --to ID.") }
        guard AuthorityID.isValidDomain(domain), domain != Keyring.localDomain else {
            throw ValidationError("'\(domain)' is not a shareable domain; use lowercase letters, digits, '-' or '.', not 'local'.")
        }
    }

    func run() throws {
        try withUsageExit {
            let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
            let bytes: [UInt8]
            do {
                bytes = try SharedDomainPackage.make(
                    domain: domain, recipients: to, keyring: ring, peers: try PeerDirectory.load(for: ring)
                ).encoded()
            } catch let error as KeyringError {
                throw UsageFailure("\(error).")
            } catch let error as SharedDomainError {
                throw UsageFailure("\(error).")
            }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                    throw UsageFailure("Cannot write \(output); check the folder exists and is writable.")
                }
                printError("Wrote the key of \(domain) for \(to.joined(separator: ", ")) to \(output).")
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}

/// `nordgate keys import-shared`: a member installs a shared pseudonym domain's key from its coordinator.
struct KeysImportShared: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-shared",
        abstract: "Install a shared pseudonym domain's key from a file signed by the domain's coordinator.",
        discussion: """
            The coordinator must be a trusted peer (`nordgate keys import-peer`). An older epoch than
            the one held is refused; the same epoch with the same key changes nothing; the same epoch
            with another key is an error.
            """)

    @OptionGroup var keyring: KeyringOptions
    @Option(help: "The shared domain the file must carry, e.g. nordic-police.") var domain: String
    @Argument(help: "The file from `nordgate keys export-shared`.") var file: String

    func run() throws {
        var outcome: SharedDomainPackage.ImportOutcome?
        var coordinator = ""
        try withUsageExit {
            let bytes = try PseudonymiseCommand.read(file, limit: 1 << 20)
            let package: SharedDomainPackage
            do { package = try SharedDomainPackage(bytes: bytes) } catch { throw UsageFailure("\(file): \(error).") }
            coordinator = package.coordinator
            do {
                outcome = try Keyring.modify(keyring.folder, passphrase: try keyring.passphrase()) { ring in
                    let secret = try package.open(domain: domain, keyring: ring, peers: try PeerDirectory.load(for: ring))
                    return try package.install(secret, into: &ring)
                }
            } catch let error as SharedDomainError {
                printError("Error: \(error).")
                throw ExitCode(1)
            } catch let error as KeyringError {
                throw UsageFailure("\(error).")
            }
        }
        switch outcome {
        case .added(let epoch): print("Installed epoch \(epoch) of \(domain) from \(coordinator).")
        case .unchanged(let epoch): print("Epoch \(epoch) of \(domain) is already installed; nothing changed.")
        case nil: break
        }
    }
}
