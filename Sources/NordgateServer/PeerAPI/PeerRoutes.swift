import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOSSL
import Logging
import NordgateCore

/// The peer listener's routes (`docs/openapi.yaml`, tag `peer`).
struct PeerRoutes: Sendable {
    let gateway: Gateway

    /// The routes as a router.
    func router() -> Router<PeerContext> {
        let router = Router(context: PeerContext.self)
        router.get("/health") { _, _ in Self.json(["status": "ok"]) }
        router.post("/v1/envelopes") { request, context in
            let peer = try await identify(context)
            let body = try await collect(request, limit: gateway.configuration.limits.maxBodyBytes)
            let receipt = try await EnvelopeReceiver(gateway: gateway).receive(body, from: peer)
            return Self.bytes(receipt, type: "application/json")
        }
        router.post("/v1/envelopes/batch") { request, context in
            let peer = try await identify(context)
            let body = try await collect(request, limit: gateway.configuration.limits.maxBodyBytes)
            let envelopes = try EnvelopeBatch.split(body, maxCount: gateway.configuration.limits.maxBatchEnvelopes)
            // One token was taken for the request; each further envelope costs one more.
            guard envelopes.count == 1 || gateway.rateLimiter.allow(peer, cost: Double(envelopes.count - 1)) else {
                gateway.metrics.received(peer: peer, outcome: "rate-limited")
                throw RelayError.rateLimited
            }
            let answers = await EnvelopeReceiver(gateway: gateway).receive(batch: envelopes, from: peer)
            return Self.bytes(EnvelopeBatch.join(answers), type: EnvelopeBatch.contentType)
        }
        router.put("/v1/envelopes/{id}/attachments/{attachment}") { request, context in
            let peer = try await identify(context)
            let id = try context.parameters.require("id")
            let attachment = try context.parameters.require("attachment")
            guard EnvelopeIdentifiers.isUUID(id), EnvelopeIdentifiers.isUUID(attachment) else {
                throw RelayError.badRequest("request.path", "the envelope and attachment ids must be lowercase UUIDs")
            }
            let limit = gateway.configuration.limits.maxAttachmentBytes
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw RelayError.tooLarge }
            try await gateway.attachments.receive(
                request.body, peer: peer, envelopeID: id, attachmentID: attachment, limit: limit)
            return Response(status: .noContent)
        }
        router.get("/v1/directory") { _, context in
            _ = try await identify(context)
            return Self.bytes(try gateway.descriptor(), type: "application/json")
        }
        router.get("/v1/directory/{authority}") { _, context in
            let peer = try await identify(context)
            let authority = try context.parameters.require("authority")
            // Only descriptors of authorities we relay for, and only to peers they may reach.
            guard gateway.configuration.relay.contains(where: { $0.from == authority || $0.to == authority }),
                gateway.configuration.relay.contains(where: { $0.from == peer || $0.to == peer }),
                let held = gateway.keys.snapshot.directory.peers.first(where: { $0.authority == authority })
            else { throw RelayError.notFound("relayed authority") }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Self.bytes([UInt8](try encoder.encode(held.descriptor)), type: "application/json")
        }
        router.get("/v1/receipts/{id}") { _, context in
            let peer = try await identify(context)
            let id = try context.parameters.require("id")
            guard let record = try await gateway.store.outboxRecord(id: id.lowercased()),
                let envelope = try? Envelope.parse(record.message.envelope),
                gateway.mayDeliver(sender: envelope.header.from, via: peer) || envelope.header.from == peer,
                let receipt = record.receipt
            else { throw RelayError.notFound("final receipt") }
            return Self.bytes(receipt, type: "application/json")
        }
        return router
    }

    /// The authority behind the verified client certificate, rate-limited.
    private func identify(_ context: PeerContext) async throws -> String {
        // HTTP/1.1: the connection's pipeline holds the TLS handler; HTTP/2: the stream's parent does.
        var certificate: NIOSSLCertificate?
        for channel in [context.channel, context.channel.parent].compactMap({ $0 }) where certificate == nil {
            certificate = try? await channel.nioSSL_peerCertificate().get()
        }
        guard let certificate, let der = try? certificate.toDERBytes(), let authority = gateway.peerIdentities.authority(ofDER: der)
        else {
            gateway.logger.notice("peer refused: certificate names no configured peer")
            throw RelayError.forbidden("peer.unknown", "the client certificate does not name a configured peer")
        }
        guard gateway.rateLimiter.allow(authority) else {
            gateway.metrics.received(peer: authority, outcome: "rate-limited")
            throw RelayError.rateLimited
        }
        return authority
    }

    static func json(_ value: [String: String]) -> Response {
        var object: [String: Any] = [:]
        for (key, item) in value { object[key] = item }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return bytes([UInt8](data), type: "application/json")
    }

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Collects a request body up to `limit` bytes.
/// - Throws: ``RelayError`` 413 when it is larger.
func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
    if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw RelayError.tooLarge }
    do {
        var buffer = try await request.body.collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    } catch is NIOTooManyBytesError {
        throw RelayError.tooLarge
    }
}
