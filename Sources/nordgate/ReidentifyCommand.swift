import ArgumentParser
import Foundation
import NordgateCore

/// `nordgate reidentify`: an authorised operator resolves a pseudonym from the local vault.
struct ReidentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reidentify",
        abstract: "Print the original value of a pseudonym made here; every request is audited.",
        discussion: """
            Needs the keyring passphrase. The audit entry (who, when, why, which pseudonym; never the
            original) is written before the original is printed; refused attempts (wrong
            passphrase, unknown pseudonym) are audited too.
            Exit status: 0 printed, 1 refused, 2 usage error.
            """)

    @OptionGroup var keyring: KeyringOptions
    @OptionGroup var data: DataOptions

    @Argument(help: "The pseudonym, psn:v1:<epoch>:<base32>.") var pseudonym: String
    @Option(help: "Why the identity is needed (recorded in the audit log; at most 200 bytes).") var reason: String
    @Option(name: .customLong("operator"), help: "Who asks (default: $USER).") var operatorName: String?

    func run() throws {
        var actor = ""
        try withUsageExit {
            guard Pseudonym.isPseudonym(pseudonym) else {
                throw UsageFailure("'\(pseudonym)' is not a pseudonym; they look like psn:v1:1:<32 letters and digits>.")
            }
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, reason.utf8.count <= AuditEvent.maxTextBytes,
                !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw UsageFailure("--reason must be 1 to \(AuditEvent.maxTextBytes) bytes on one line.")
            }
            let name = operatorName ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
            guard !name.isEmpty, name.utf8.count <= 64,
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw UsageFailure("--operator must be 1 to 64 bytes on one line.") }
            actor = "operator:\(name)"
        }
        let passphrase = try keyring.passphrase()
        let ring: Keyring
        do {
            ring = try Keyring.open(keyring.folder, passphrase: passphrase)
        } catch KeyringError.wrongPassphrase {
            try withUsageExit {
                try Reidentification.recordRefusal(
                    pseudonym, reason: reason, operatorName: actor, cause: "wrong passphrase", audit: try data.openStore())
            }
            printError("Error: \(KeyringError.wrongPassphrase); the attempt was recorded in the audit log.")
            throw ExitCode(1)
        } catch let error as KeyringError {
            throw UsageFailure.exit(UsageFailure("\(error)."))
        }
        var original: String?
        try withUsageExit {
            let store = try data.openStore(signer: try KeyAuditSigner(keyring: ring))
            do {
                original = try Reidentification.resolve(
                    pseudonym, reason: reason, operatorName: actor, keyring: ring,
                    vault: ReidentificationVault(storage: store), audit: store)
            } catch let error as VaultError {
                printError("Error: \(error); the attempt was recorded in the audit log.")
                throw ExitCode(1)
            }
        }
        guard let original else { return }
        print(original)
    }
}
