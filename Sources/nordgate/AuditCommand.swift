import ArgumentParser
import Foundation
import NordgateCore
import Sodium

/// `nordgate audit …`: verify and export the hash-chained audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify or export the gateway's hash-chained, signed audit log.",
        subcommands: [Verify.self, Export.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain and the signed checkpoints; name the first broken entry.",
            discussion: """
                The checkpoint keys come from this gateway's keyring (its signing keys, retired ones
                included; needs the passphrase) or, for an auditor without it, from an exported
                public descriptor (--descriptor). With --file, an exported copy is checked instead
                of the store. Exit status: 0 the log is whole, 1 it is broken, 2 usage error.
                """
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var keyring: KeyringOptions
        @Option(help: "Take the signing keys from this public descriptor file instead of the keyring.")
        var descriptor: String?
        @Option(help: "Verify this exported log file (JSON lines) instead of the store.")
        var file: String?

        func run() throws {
            var verification: AuditVerification?
            try withUsageExit {
                let keys = try publicKeys()
                if let file {
                    let export: AuditExportFile
                    do { export = try AuditExportFile(path: file) } catch let error as StoreError {
                        throw UsageFailure("\(file) is not an audit export: \(error).")
                    }
                    verification = AuditVerifier.verify(source: export, publicKeys: keys)
                } else {
                    let store = try data.openStore()
                    verification = AuditLog(store: store).verify(publicKeys: keys)
                }
            }
            guard let verification else { return }
            if verification.isValid {
                print(Self.summary(verification))
                return
            }
            var lines = ["Audit log is BROKEN."]
            if let broken = verification.firstBreak { lines.append("First broken entry: \(broken.seq): \(broken)") }
            for failure in verification.checkpointFailures { lines.append("Checkpoint: \(failure)") }
            lines.append(Self.summary(verification))
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }

        private func publicKeys() throws -> [String: [UInt8]] {
            if let descriptor {
                guard let data = FileManager.default.contents(atPath: descriptor), data.count <= 1 << 20 else {
                    throw UsageFailure("Cannot read \(descriptor); check the path (a descriptor is at most 1 MiB).")
                }
                let parsed: PublicDescriptor
                do { parsed = try PublicDescriptor.parse([UInt8](data)) } catch {
                    throw UsageFailure("\(descriptor) is not a valid signed descriptor: \(error).")
                }
                var keys: [String: [UInt8]] = [:]
                for key in parsed.keys where key.kind == .signing && key.state != .revoked {
                    keys[key.id] = try key.publicKeyBytes()
                }
                return keys
            }
            guard FileManager.default.fileExists(atPath: keyring.folder) else {
                throw UsageFailure(
                    "No keyring in \(keyring.folder); pass --keys DIR, or --descriptor FILE to use public keys only."
                )
            }
            let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
            var keys: [String: [UInt8]] = [:]
            for key in ring.keys where key.kind == .signing && key.state != .revoked {
                if let publicKey = key.publicKey { keys[key.id] = try Base64.decode(publicKey) }
            }
            return keys
        }

        static func summary(_ verification: AuditVerification) -> String {
            var text = "\(verification.entries) entries, \(verification.checkpoints) checkpoints"
            if let last = verification.lastGoodCheckpoint {
                let time = TimeText.format(seconds: last.time)
                text += "; last good checkpoint at entry \(last.seq) (\(time), key \(last.keyID))"
            } else {
                text += "; no valid checkpoint"
            }
            text += "; \(verification.entriesAfterLastCheckpoint) entries after it not yet signed."
            return verification.isValid ? "Audit log OK: " + text : text
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit log as JSON lines, for an auditor to verify a copy."
        )

        @OptionGroup var data: DataOptions
        @Option(help: "Write to this new file (mode 0600) instead of standard output.") var output: String?

        func run() throws {
            try withUsageExit {
                let log = AuditLog(store: try data.openStore())
                if let output {
                    guard !FileManager.default.fileExists(atPath: output) else {
                        throw UsageFailure("\(output) exists; choose a new file name.")
                    }
                    let counts = try log.export(to: output)
                    print("Exported \(counts.entries) entries and \(counts.checkpoints) checkpoints to \(output).")
                } else {
                    try log.export { bytes in FileHandle.standardOutput.write(Data(bytes)) }
                }
            }
        }
    }
}
