import Foundation
import HTTPTypes
import JSONSchema
import Logging
import NordgateCore
import Sodium
import Synchronization

/// Takes a record from a case system to the outbox: the type's privacy policy for each
/// recipient (validation, pseudonyms, generalisation, free-text scanning; originals to the
/// vault), sealing, and a durable outbox row per recipient.
struct Submitter: Sendable {
    /// One accepted message.
    struct Accepted: Sendable {
        var to: String
        var id: String
        /// The envelope's attachment ids, in the order submitted.
        var attachmentIds: [String] = []
    }

    let gateway: Gateway
    let pseudonymisers: PseudonymiserCache

    /// Checks, pseudonymises, seals and stores `record` (with `attachments`, encrypted into the
    /// attachment store) for each authority in `to`.
    /// - Returns: one message per recipient (each recipient gets its own envelope, so that
    ///   pseudonyms and keys differ per receiver as the policy requires).
    /// - Throws: ``RelayError`` 4xx when the request is not acceptable; nothing is stored then.
    func submit(
        to recipients: [String], type: String, record: JSONValue, attachments: [EnvelopeAttachmentSource] = [],
        actor: String, now: Date = Date()
    ) async throws -> [Accepted] {
        let configuration = gateway.configuration
        guard !recipients.isEmpty, recipients.count <= 16, Set(recipients).count == recipients.count else {
            throw RelayError.badRequest("request.recipients", "to must name 1 to 16 different authorities")
        }
        for recipient in recipients {
            guard AuthorityID.isValid(recipient) else {
                throw RelayError.badRequest("request.recipients", "to must hold authority ids such as DK-CA")
            }
            guard configuration.nextHop(for: recipient) != nil else {
                throw RelayError(
                    status: .unprocessableContent, code: "recipient.no-route",
                    message: "a recipient is neither a configured peer nor routed through one")
            }
        }
        let snapshot = gateway.keys.snapshot
        var sealed: [(to: String, hop: String, envelope: SealedEnvelope, keyId: String, domain: String, pseudonyms: Int)] = []
        // Encrypted attachment files of envelopes sealed but not yet in the outbox: removed if the request fails.
        var unqueuedFolders: Set<String> = []
        var accepted: [Accepted] = []
        do {
            var originals: [String: String] = [:]
            for recipient in recipients {
                let pseudonymiser = try pseudonymisers.pseudonymiser(for: type, peer: recipient, gateway: gateway)
                let domain = Self.domain(for: type, to: recipient, keyring: snapshot.keyring)
                let result: PseudonymisedRecord
                do {
                    let key = try snapshot.pseudonymKeys.key(for: domain)
                    result = try pseudonymiser.pseudonymise(
                        record, key: key, callingCode: PseudonymNormalisation.callingCode(forAuthority: gateway.authority),
                        today: now)
                } catch let error as PseudonymisationError {
                    throw Self.refusal(error, type: type)
                } catch {
                    throw RelayError(
                        status: .unprocessableContent, code: "pseudonym.no-key",
                        message: "the keyring holds no active pseudonym key for this message's domain")
                }
                let payload: [UInt8]
                do { payload = try result.document.canonicalBytes() } catch {
                    throw RelayError.badRequest("record.not-canonical", "the record has numbers that cannot be written canonically")
                }
                let staging = attachments.isEmpty ? nil : try gateway.attachments.stagingFolder()
                do {
                    let resolved = try EnvelopeRecipient.resolve([recipient], in: snapshot.directory)
                    let envelope = try snapshot.sealer.seal(
                        payload: payload, type: type, to: resolved, expiresAfter: configuration.delivery.messageLifetime,
                        attachments: attachments, attachmentsFolder: staging, now: now)
                    if let staging {
                        try gateway.attachments.commit(staging: staging, to: gateway.attachments.outboxFolder(envelope.header.id))
                        unqueuedFolders.insert(gateway.attachments.outboxFolder(envelope.header.id))
                    }
                    sealed.append(
                        (recipient, configuration.nextHop(for: recipient)!, envelope, resolved[0].keyId, "\(domain)",
                         result.originals.count))
                } catch let error as EnvelopeError {
                    if let staging { gateway.attachments.remove(staging) }
                    throw RelayError(status: .unprocessableContent, code: "envelope.\(error.code)", message: error.description)
                } catch {
                    if let staging { gateway.attachments.remove(staging) }
                    throw error
                }
                originals.merge(result.originals) { first, _ in first }
            }
            // The originals go to the vault in the transaction that queues the messages: every pseudonym that can
            // leave resolves at home, and a refused submission leaves neither messages nor vault entries behind.
            let vault: [VaultEntry]
            do { vault = try ReidentificationVault.entries(for: originals, keyring: snapshot.keyring, now: now) } catch {
                gateway.logger.error("vault entries not made", metadata: ["error": "\(Swift.type(of: error))"])
                throw RelayError.storeUnavailable
            }
            let submissions = sealed.map { item in
                let header = item.envelope.header
                let message = OutboxMessage(
                    id: header.id, peer: item.hop, recipients: [item.to], type: type, envelope: item.envelope.bytes,
                    digest: item.envelope.envelope.digest, created: now, expires: header.expires)
                // The audit entry commits with the outbox row: no message is queued without one.
                let event = AuditEvent(
                    kind: "message.submit", actor: actor, subject: header.id,
                    details: [
                        "to": item.to, "type": type, "nextHop": item.hop, "encryptionKey": item.keyId,
                        "pseudonyms": "\(item.pseudonyms)", "domain": item.domain, "attachments": "\(header.attachments.count)",
                    ])
                return OutboxSubmission(message, audit: [event])
            }
            do { _ = try await gateway.store.enqueue(submissions, vault: vault, now: now) } catch {
                gateway.logger.error("outbox store failed", metadata: ["error": "\(error)"])
                throw RelayError.storeUnavailable
            }
            unqueuedFolders.removeAll()
            for item in sealed {
                let header = item.envelope.header
                gateway.metrics.submitted()
                gateway.logger.info(
                    "message accepted", metadata: ["envelope.id": "\(header.id)", "to": "\(item.to)", "type": "\(type)"])
                accepted.append(Accepted(to: item.to, id: header.id, attachmentIds: header.attachments.map(\.id)))
            }
        } catch {
            for folder in unqueuedFolders { gateway.attachments.remove(folder) }
            throw error
        }
        gateway.wake.signal()
        return accepted
    }

    /// The shared `nordic-police` domain for a police message to a police authority when the
    /// keyring holds that domain's key; otherwise the receiver's own domain for this message type.
    static func domain(for type: String, to recipient: String, keyring: Keyring) -> PseudonymDomain {
        if type.hasPrefix("police."), recipient.hasSuffix("-POL"),
            (try? keyring.activeKey(kind: .pseudonym, domain: PseudonymDomain.nordicPolice)) != nil
        {
            return .shared(PseudonymDomain.nordicPolice)
        }
        return .receiver(recipient, purpose: type)
    }

    static func refusal(_ error: PseudonymisationError, type: String) -> RelayError {
        let locations = error.issues.prefix(5).map { $0.instanceLocation.isEmpty ? "/" : $0.instanceLocation }
        switch error {
        case .invalidRecord:
            return RelayError(
                status: .unprocessableContent, code: "record.invalid",
                message: "the record does not match \(type); failing locations: \(locations.joined(separator: ", "))")
        case .invalidOutput:
            return RelayError(
                status: .unprocessableContent, code: "record.policy-output-invalid",
                message: "the pseudonymised record fails the policy's output schema at: \(locations.joined(separator: ", "))")
        default:
            return RelayError(status: .unprocessableContent, code: "record.policy", message: "\(error)")
        }
    }
}

/// Pseudonymisers per message type and peer, compiled once.
final class PseudonymiserCache: Sendable {
    private let cache = Mutex<[String: RecordPseudonymiser]>([:])

    /// The pseudonymiser of `type` with the policy tightening configured for `peer`.
    /// - Throws: ``RelayError`` 422 for an unknown type.
    func pseudonymiser(for type: String, peer: String, gateway: Gateway) throws -> RecordPseudonymiser {
        let key = "\(type) \(peer)"
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let catalog = gateway.catalog
        guard let file = Self.schemaFile(for: type, in: catalog.folder) else {
            throw RelayError(status: .unprocessableContent, code: "type.unknown", message: "no message schema has this type id")
        }
        let made: RecordPseudonymiser
        do {
            let references = SchemaSet(catalog: catalog)
            made = try RecordPseudonymiser(
                schema: try SchemaCatalog.read(file), references: references,
                tightening: gateway.configuration.tightening(for: peer), messageType: type)
        } catch {
            gateway.logger.error("message schema unusable", metadata: ["type": "\(type)", "error": "\(error)"])
            throw RelayError(status: .internalServerError, code: "type.unusable", message: "the type's schema or policy cannot be used")
        }
        cache.withLock { $0[key] = made }
        return made
    }

    /// `central-authority.locate-child-request.v1` → `<folder>/central-authority/locate-child-request.v1.json`,
    /// for message folders only (not the envelope, receipt or common schemas).
    static func schemaFile(for type: String, in folder: String) -> String? {
        let parts = type.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, type.utf8.count <= 128, let version = parts.last, version.hasPrefix("v"),
            Int(version.dropFirst()) != nil,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 } })
        else { return nil }
        let path = parts.dropLast(2).joined(separator: "/") + "/" + parts[parts.count - 2] + "." + version + ".json"
        let file = (folder as NSString).appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }
}
