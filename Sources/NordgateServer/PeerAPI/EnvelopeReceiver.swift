import Foundation
import HTTPTypes
import Logging
import NordgateCore
import Sodium

/// What the peer listener does with an arriving envelope: checks, replay and dedupe through
/// the store, the inbox or the relay outbox, and the signed receipt.
struct EnvelopeReceiver: Sendable {
    let gateway: Gateway

    /// Handles envelope `bytes` handed over by the TLS-identified `peer`.
    /// - Returns: the receipt bytes (the same ones for a repeated delivery).
    /// - Throws: ``RelayError`` with a 4xx status for anything refused; nothing is stored then.
    func receive(_ bytes: [UInt8], from peer: String, now: Date = Date()) async throws -> [UInt8] {
        let snapshot = gateway.keys.snapshot
        let envelope: VerifiedEnvelope
        do { envelope = try snapshot.opener.verify(bytes, now: now) } catch {
            gateway.metrics.received(peer: peer, outcome: error.code)
            throw Self.refusal(error)
        }
        let header = envelope.header
        guard gateway.mayDeliver(sender: header.from, via: peer) else {
            gateway.metrics.received(peer: peer, outcome: "sender-mismatch")
            gateway.logger.notice(
                "envelope refused: sender not allowed for this peer",
                metadata: ["peer": "\(peer)", "envelope.id": "\(header.id)", "envelope.from": "\(header.from)"])
            throw RelayError.forbidden(
                "peer.sender-mismatch", "the envelope's sender is not the authority of the client certificate or one it may relay for")
        }
        if header.to.contains(gateway.authority) {
            return try await accept(envelope, snapshot: snapshot, from: peer, now: now)
        }
        return try await relay(envelope, snapshot: snapshot, from: peer, now: now)
    }

    /// Handles a batch: each envelope as ``receive(_:from:now:)`` would, all at once, so that they share
    /// the store's commits.
    /// - Returns: per envelope, in order, its receipt or its error line (``EnvelopeBatch/errorLine(_:)``).
    func receive(batch: [[UInt8]], from peer: String, now: Date = Date()) async -> [[UInt8]] {
        await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for (index, bytes) in batch.enumerated() {
                group.addTask {
                    do { return (index, try await receive(bytes, from: peer, now: now)) } catch let error as RelayError {
                        return (index, EnvelopeBatch.errorLine(error))
                    } catch {
                        return (index, EnvelopeBatch.errorLine(.storeUnavailable))
                    }
                }
            }
            var answers = [[UInt8]](repeating: [], count: batch.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
    }

    private func accept(_ envelope: VerifiedEnvelope, snapshot: KeyMaterial.Snapshot, from peer: String, now: Date) async throws
        -> [UInt8]
    {
        let header = envelope.header
        // Opening proves the envelope is sealed to a key we hold and can use; the plaintext is dropped.
        var snapshot = snapshot
        do { _ = try snapshot.opener.open(envelope, now: now) } catch {
            // A key rotated by the operator a moment ago: reload once before refusing.
            guard error == .unknownEncryptionKey, (try? gateway.keys.reloadIfChanged()) == true else {
                gateway.metrics.received(peer: peer, outcome: error.code)
                throw Self.refusal(error)
            }
            snapshot = gateway.keys.snapshot
            do { _ = try snapshot.opener.open(envelope, now: now) } catch {
                gateway.metrics.received(peer: peer, outcome: error.code)
                throw Self.refusal(error)
            }
        }
        try claimAttachments(header, from: peer, into: gateway.attachments.inboxFolder(header.id))
        let digest = envelope.digest
        let message = InboxMessage(
            id: header.id, sender: header.from, type: header.type, envelope: envelope.bytes, digest: digest,
            expires: header.expires)
        let authority = gateway.authority
        let signer = snapshot.signer
        let signingKeyId = snapshot.signingKeyId
        let event = AuditEvent(
            kind: "envelope.receive", actor: peer, subject: header.id,
            details: ["from": header.from, "type": header.type, "digest": Hex.encode(Array(digest.prefix(16)))], time: now)
        let outcome: ReceiveOutcome
        do {
            outcome = try await gateway.store.receive(message, now: now, audit: [event]) {
                try Receipt.issue(
                    envelopeId: header.id, envelopeDigest: digest, from: authority, to: header.from, status: .accepted,
                    received: now, signingKeyId: signingKeyId, signer: signer
                ).bytes()
            }
        } catch {
            gateway.logger.error("inbox store failed", metadata: ["envelope.id": "\(header.id)", "error": "\(error)"])
            throw RelayError.storeUnavailable
        }
        switch outcome {
        case .accepted(let receipt):
            gateway.metrics.received(peer: peer, outcome: "accepted")
            gateway.logger.info(
                "envelope received", metadata: ["envelope.id": "\(header.id)", "peer": "\(peer)", "envelope.from": "\(header.from)"])
            return receipt
        case .duplicate(let receipt):
            gateway.metrics.received(peer: peer, outcome: "duplicate")
            gateway.logger.info("envelope received again", metadata: ["envelope.id": "\(header.id)", "peer": "\(peer)"])
            return receipt
        case .conflict:
            return try await replayConflict(header, peer: peer)
        }
    }

    private func relay(_ envelope: VerifiedEnvelope, snapshot: KeyMaterial.Snapshot, from peer: String, now: Date) async throws
        -> [UInt8]
    {
        let header = envelope.header
        let configuration = gateway.configuration
        let hops = Set(header.to.compactMap { configuration.nextHop(for: $0) })
        guard header.to.allSatisfy({ to in configuration.relay.contains { $0.from == header.from && $0.to == to } }),
            hops.count == 1, let hop = hops.first, hop != peer
        else {
            gateway.metrics.received(peer: peer, outcome: "not-addressed-to-us")
            throw RelayError(
                status: .forbidden, code: "envelope.not-addressed-to-us",
                message: "the envelope is not addressed to this authority and no relay rule covers it")
        }
        try claimAttachments(header, from: peer, into: gateway.attachments.outboxFolder(header.id))
        let message = OutboxMessage(
            id: header.id, peer: hop, recipients: header.to, type: header.type, envelope: envelope.bytes,
            digest: envelope.digest, created: now, expires: header.expires)
        let event = AuditEvent(
            kind: "envelope.relay", actor: peer, subject: header.id,
            details: ["from": header.from, "nextHop": hop, "type": header.type], time: now)
        let outcome: EnqueueOutcome
        do { outcome = try await gateway.store.enqueue(message, now: now, audit: [event]) } catch StoreError.conflict {
            return try await replayConflict(header, peer: peer)
        } catch {
            gateway.logger.error("relay enqueue failed", metadata: ["envelope.id": "\(header.id)", "error": "\(error)"])
            throw RelayError.storeUnavailable
        }
        // The receipt carries the stored row's time (whole seconds, as the receipt rounds `now`), so a repeated
        // delivery gets identical bytes.
        let received: Date
        if case .stored = outcome {
            received = now
        } else {
            guard let record = try await gateway.store.outboxRecord(id: header.id) else { throw RelayError.storeUnavailable }
            received = record.message.created
        }
        let receipt = try Receipt.issue(
            envelopeId: header.id, envelopeDigest: envelope.digest, from: gateway.authority, to: header.from,
            status: .relayed, relayedTo: hop, received: received, signingKeyId: snapshot.signingKeyId,
            signer: snapshot.signer
        ).bytes()
        if case .stored = outcome {
            gateway.metrics.received(peer: peer, outcome: "relayed")
            gateway.logger.info(
                "envelope queued for relay", metadata: ["envelope.id": "\(header.id)", "peer": "\(peer)", "nextHop": "\(hop)"])
            gateway.wake.signal()
        }
        return receipt
    }

    /// Checks the envelope's uploaded attachment files and makes them durable where the message will be kept.
    private func claimAttachments(_ header: EnvelopeHeader, from peer: String, into folder: String) throws {
        do {
            try gateway.attachments.claim(header.attachments, envelopeID: header.id, peer: peer, into: folder)
        } catch let error as RelayError {
            gateway.metrics.received(peer: peer, outcome: error.code)
            gateway.logger.notice(
                "envelope refused: attachments", metadata: ["envelope.id": "\(header.id)", "peer": "\(peer)", "code": "\(error.code)"])
            throw error
        }
    }

    private func replayConflict(_ header: EnvelopeHeader, peer: String) async throws -> [UInt8] {
        gateway.metrics.received(peer: peer, outcome: "replay-conflict")
        try? await gateway.record("envelope.refuse", actor: peer, subject: header.id, details: ["code": "replay-conflict"])
        gateway.logger.warning("envelope id reused with other bytes", metadata: ["envelope.id": "\(header.id)", "peer": "\(peer)"])
        throw RelayError(
            status: .conflict, code: "envelope.replay-conflict",
            message: "an envelope with this id and different bytes was already received")
    }

    /// The HTTP answer for an envelope check that failed.
    static func refusal(_ error: EnvelopeError) -> RelayError {
        let status: HTTPResponse.Status =
            switch error {
            case .malformed, .unknownVersion: .badRequest
            case .expired, .createdInFuture: .unprocessableContent
            default: .forbidden
            }
        return RelayError(status: status, code: "envelope.\(error.code)", message: error.description)
    }
}
