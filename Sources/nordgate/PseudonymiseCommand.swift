import ArgumentParser
import Foundation
import JSONSchema
import NordgateCore

/// `nordgate pseudonymise`: applies a message schema's privacy policy to a record for a receiver.
struct PseudonymiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonymise",
        abstract: "Apply a message schema's privacy policy to a record and print what may be sent.",
        discussion: """
            The record is validated against its schema, then every value is kept, pseudonymised,
            generalised, redacted, dropped or scanned as its x-privacy annotation (tightened by
            --policy) says, and the result is checked against the derived output schema. The
            pseudonyms' originals go to the vault in the data folder. Pseudonyms are made for the
            receiver and purpose, or in a shared domain: --domain D, or by default nordic-police for
            a police message to a police authority when the keyring holds that domain's key.
            Exit status: 0 printed, 1 the record (or its result) fails, 2 usage error.
            """)

    @OptionGroup var keyring: KeyringOptions
    @OptionGroup var data: DataOptions

    @Option(help: "The message schema file.") var schema: String
    @Option(help: "The receiving authority, e.g. DK-POL.") var to: String
    @Option(help: "The purpose; pseudonyms differ per purpose (default: the message type id).") var purpose: String?
    @Option(help: "A shared pseudonym domain such as nordic-police, or 'local' for the receiver's own domain.")
    var domain: String?
    @Option(help: "A JSON file that tightens the policy per message type.") var policy: String?
    @Option(help: "A folder of schemas that $ref may name (default: the Schemas folder above --schema).")
    var refDir: String?
    @Option(help: "The URI --ref-dir is mapped to.") var refBase: String = "https://nordgate.invalid/schemas/"
    @Argument(help: "The record, a JSON file.") var record: String

    func run() throws {
        var context: (RecordPseudonymiser, PseudonymKey, Keyring, [UInt8])?
        try withUsageExit { context = try prepare() }
        guard let (pseudonymiser, key, ring, bytes) = context else { return }
        let result: PseudonymisedRecord
        do {
            result = try pseudonymiser.pseudonymise(
                recordBytes: bytes, key: key,
                callingCode: PseudonymNormalisation.callingCode(forAuthority: ring.authority))
        } catch {
            Self.report(error)
            throw ExitCode(1)
        }
        try withUsageExit {
            let store: SQLiteGatewayStore
            do {
                store = try SQLiteGatewayStore(
                    folder: data.folder, options: .init(auditSigner: try KeyAuditSigner(keyring: ring)))
            } catch let error as StoreError {
                throw UsageFailure("Cannot open the store in \(data.folder): \(error).")
            }
            try ReidentificationVault(storage: store).store(result.originals, keyring: ring)
            try AuditLog(store: store).append(
                AuditEvent(
                    kind: "pseudonymise", actor: OperatorIdentity.actor, subject: pseudonymiser.messageType,
                    details: ["receiver": to, "domain": key.domain.description, "pseudonyms": String(result.originals.count)]))
        }
        FileHandle.standardOutput.write(Data(result.document.serializedBytes(pretty: true) + [0x0A]))
    }

    /// Reads and checks every input; anything wrong here is a usage error (exit 2).
    private func prepare() throws -> (RecordPseudonymiser, PseudonymKey, Keyring, [UInt8]) {
        guard AuthorityID.isValid(to) else {
            throw UsageFailure("'\(to)' is not an authority id; use the form CC-CA or CC-POL, e.g. DK-POL.")
        }
        let schemaValue = try Self.parse(try Self.read(schema, limit: 4 << 20), what: "the schema \(schema)")
        var references = SchemaSet()
        do {
            if let refDir {
                try references.addDirectory(refDir, baseURI: refBase)
            } else if let folder = SchemaCatalog.enclosingFolder(of: schema) {
                try references.addDirectory(folder, baseURI: refBase)
            }
        } catch { throw UsageFailure("\(error).") }
        var tightening = PolicyTightening()
        if let policy {
            do {
                tightening = try PolicyTightening(
                    configuration: try Self.parse(try Self.read(policy, limit: 1 << 20), what: "the policy \(policy)"))
            } catch let error as PseudonymisationError { throw UsageFailure("\(error).") }
        }
        let pseudonymiser: RecordPseudonymiser
        do {
            pseudonymiser = try RecordPseudonymiser(schema: schemaValue, references: references, tightening: tightening)
        } catch { throw UsageFailure("\(error).") }
        // The record is read before the passphrase is asked for; its size is checked by the pseudonymiser.
        let bytes = try Self.read(record, limit: RecordPseudonymiser.maximumRecordBytes)
        let ring: Keyring
        do { ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase()) } catch let error
            as KeyringError
        {
            throw UsageFailure("\(error).")
        }
        let key: PseudonymKey
        do {
            key = try PseudonymKey.active(in: ring, for: choosePseudonymDomain(for: pseudonymiser.messageType, in: ring))
        } catch let error as KeyringError {
            throw UsageFailure("\(error); `nordgate keys import-shared` installs a shared domain's key.")
        }
        return (pseudonymiser, key, ring, bytes)
    }

    /// `--domain`, else nordic-police for a police message to a police authority when the keyring holds
    /// that domain, else the receiver and purpose.
    private func choosePseudonymDomain(for messageType: String, in ring: Keyring) -> PseudonymDomain {
        let receiverDomain = PseudonymDomain.receiver(to, purpose: purpose ?? messageType)
        if let domain { return domain == Keyring.localDomain ? receiverDomain : .shared(domain) }
        if messageType.hasPrefix("police."), to.hasSuffix("-POL"),
            (try? ring.activeKey(kind: .pseudonym, domain: PseudonymDomain.nordicPolice)) != nil
        {
            return .shared(PseudonymDomain.nordicPolice)
        }
        return receiverDomain
    }

    /// Prints a pseudonymisation error: one line, then one line per failed check (locations only).
    static func report(_ error: any Error) {
        var lines = ["Error: \(error)"]
        if let error = error as? PseudonymisationError, !error.issues.isEmpty {
            lines = [
                {
                    switch error {
                    case .invalidOutput: "Error: the pseudonymised record fails the derived output schema; nothing was sent:"
                    default: "Error: the record fails its schema:"
                    }
                }()
            ]
            lines += error.issues.prefix(100).map { "  at \($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation) (\($0.keywordLocation))" }
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageFailure("Cannot read \(path); check the path and its permissions.")
        }
        defer { try? handle.close() }
        let data: Data?
        do { data = try handle.read(upToCount: limit + 1) } catch {
            throw UsageFailure("Cannot read \(path); check the path and its permissions.")
        }
        // An empty file reads as nil: it is readable, and simply not JSON.
        return [UInt8](data ?? Data())
    }

    static func parse(_ bytes: [UInt8], what: String) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch { throw UsageFailure("\(what) is not JSON: \(error).") }
    }
}
