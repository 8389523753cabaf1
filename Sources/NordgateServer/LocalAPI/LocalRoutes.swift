import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema
import NIOCore
import NordgateCore
import Sodium

/// The local listener's routes for case systems and operators (`docs/openapi.yaml`, tag `local`).
struct LocalRoutes: Sendable {
    let gateway: Gateway
    /// Refreshes the peers' descriptors now (`POST /v1/directory/refresh`).
    let refresh: @Sendable () async -> [DirectoryRefresher.Result]
    let pseudonymisers = PseudonymiserCache()

    func router() -> Router<LocalContext> {
        let auth = TokenAuthenticator(tokens: gateway.configuration.localListener.tokens)
        let router = Router(context: LocalContext.self)
        router.get("/health") { _, _ in Self.json(["status": "ok"]) }
        router.post("/v1/outbox") { request, _ in
            let user = try auth.authorize(request, roles: [.caseworker])
            let body = try await collect(request, limit: gateway.configuration.limits.localMaxBodyBytes)
            var options = JSONParser.Options()
            options.maxDepth = gateway.configuration.limits.maxJSONDepth
            let value: JSONValue
            do { value = try JSONParser.parse(body, options: options) } catch let error as JSONParseError {
                throw RelayError.badRequest("request.json", "the body is not acceptable JSON: \(error.description)")
            }
            guard let object = value.objectValue,
                object.keys.allSatisfy(["to", "type", "record", "attachments"].contains),
                let type = object["type"]?.stringValue, let record = object["record"], record.objectValue != nil
            else {
                throw RelayError.badRequest(
                    "request.shape",
                    "the body must be {\"to\": ID or [ID], \"type\": TYPE, \"record\": {...}, \"attachments\"?: [...]}")
            }
            let attachments = try Self.attachments(object["attachments"])
            let to: [String]
            switch object["to"] {
            case .string(let one): to = [one]
            case .array(let many) where many.allSatisfy({ $0.stringValue != nil }): to = many.compactMap(\.stringValue)
            default: throw RelayError.badRequest("request.shape", "to must be an authority id or an array of them")
            }
            let accepted = try await Submitter(gateway: gateway, pseudonymisers: pseudonymisers)
                .submit(to: to, type: type, record: record, attachments: attachments, actor: user.name)
            var answer = JSONObject.make([
                "messages": .array(
                    accepted.map { message in
                        var item = JSONObject.make(["to": .string(message.to), "id": .string(message.id)])
                        if !message.attachmentIds.isEmpty { item["attachments"] = .array(message.attachmentIds.map { .string($0) }) }
                        return .object(item)
                    })
            ])
            if accepted.count == 1 { answer["id"] = .string(accepted[0].id) }
            return Self.json(.object(answer), status: .accepted)
        }
        router.get("/v1/outbox/{id}") { request, context in
            _ = try auth.authorize(request, roles: [.caseworker, .operator, .auditor])
            let id = try context.parameters.require("id").lowercased()
            guard let record = try await gateway.store.outboxRecord(id: id) else { throw RelayError.notFound("message") }
            var view = outboxView(record)
            // The envelope as sent on the wire: header and ciphertext only.
            if request.uri.queryParameters.get("include") == "envelope", let envelope = try? JSONParser.parse(record.message.envelope) {
                view["envelope"] = envelope
            }
            return Self.json(.object(view))
        }
        router.get("/v1/inbox") { request, _ in
            _ = try auth.authorize(request, roles: [.caseworker, .auditor])
            let after = request.uri.queryParameters.get("after").flatMap { Int64($0) } ?? 0
            let limit = min(max(request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100, 1), 1000)
            let rows = try await gateway.store.listInbox(after: after, limit: limit)
            let items: [JSONValue] = rows.map { .object(inboxView($0)) }
            var answer = JSONObject.make(["messages": .array(items)])
            answer["next"] = .number(JSONNumber(Int(rows.last?.cursor ?? after)))
            return Self.json(.object(answer))
        }
        router.get("/v1/inbox/{id}") { request, context in
            let user = try auth.authorize(request, roles: [.caseworker])
            let id = try context.parameters.require("id").lowercased()
            guard let row = try await gateway.store.inboxRecord(id: id) else { throw RelayError.notFound("message") }
            let opened: OpenedEnvelope
            do {
                // Opened at read time as received: the envelope may have expired since, which does not matter here.
                opened = try gateway.keys.snapshot.opener.open(row.message.envelope, now: row.receivedAt)
            } catch let error as EnvelopeError {
                throw RelayError(status: .conflict, code: "envelope.\(error.code)", message: error.description)
            }
            guard let payload = try? JSONParser.parse(opened.payload) else {
                throw RelayError(status: .conflict, code: "payload.not-json", message: "the payload is not JSON")
            }
            try? await gateway.record(
                "envelope.open", actor: user.name, subject: id,
                details: ["from": opened.header.from, "type": opened.header.type])
            var view = inboxView(row)
            view["payload"] = payload
            if !opened.header.attachments.isEmpty {
                view["attachments"] = .array(
                    opened.header.attachments.map { attachment in
                        [
                            "id": .string(attachment.id), "mediaType": .string(attachment.mediaType),
                            "size": .number(JSONNumber(attachment.size)),
                        ] as JSONValue
                    })
            }
            return Self.json(.object(view))
        }
        router.get("/v1/inbox/{id}/attachments/{attachment}") { request, context in
            let user = try auth.authorize(request, roles: [.caseworker])
            let id = try context.parameters.require("id").lowercased()
            let attachmentID = try context.parameters.require("attachment").lowercased()
            guard let row = try await gateway.store.inboxRecord(id: id) else { throw RelayError.notFound("message") }
            let opened: OpenedEnvelope
            do { opened = try gateway.keys.snapshot.opener.open(row.message.envelope, now: row.receivedAt) } catch let error as EnvelopeError {
                throw RelayError(status: .conflict, code: "envelope.\(error.code)", message: error.description)
            }
            guard let index = opened.header.attachments.firstIndex(where: { $0.id == attachmentID }) else {
                throw RelayError.notFound("attachment")
            }
            let bytes = try Self.openAttachment(opened, at: index, gateway: gateway)
            try? await gateway.record(
                "attachment.open", actor: user.name, subject: id, details: ["attachment": attachmentID, "from": opened.header.from])
            return PeerRoutes.bytes(bytes, type: opened.header.attachments[index].mediaType)
        }
        router.post("/v1/inbox/{id}/ack") { request, context in
            let user = try auth.authorize(request, roles: [.caseworker])
            let id = try context.parameters.require("id").lowercased()
            guard try await gateway.store.inboxRecord(id: id) != nil else { throw RelayError.notFound("message") }
            try await gateway.store.acknowledge(id: id, now: Date())
            try? await gateway.record("inbox.ack", actor: user.name, subject: id)
            return Self.json(["id": .string(id), "acknowledged": true])
        }
        router.get("/metrics") { request, _ in
            _ = try auth.authorize(request, roles: [.operator])
            await ExpiryWatch(gateway: gateway).check()
            await QueueWatch(gateway: gateway).update()
            return PeerRoutes.bytes(gateway.metrics.render(), type: "text/plain; version=0.0.4")
        }
        router.post("/v1/directory/refresh") { request, _ in
            let user = try auth.authorize(request, roles: [.operator])
            let results = await refresh()
            try? await gateway.record("directory.refresh", actor: user.name, subject: gateway.authority)
            let items: [JSONValue] = results.map { ["authority": .string($0.authority), "outcome": .string($0.outcome)] }
            return Self.json(["peers": .array(items)])
        }
        return router
    }

    /// Decrypts attachment `index` of an opened inbox envelope. The plaintext file lives only until it is read back.
    static func openAttachment(_ opened: OpenedEnvelope, at index: Int, gateway: Gateway) throws -> [UInt8] {
        let attachment = opened.header.attachments[index]
        let source = (gateway.attachments.inboxFolder(opened.header.id) as NSString).appendingPathComponent("\(attachment.id).bin")
        let staging = try gateway.attachments.stagingFolder()
        defer { gateway.attachments.remove(staging) }
        let destination = (staging as NSString).appendingPathComponent("opened")
        do { try opened.openAttachment(at: index, from: source, to: destination) } catch {
            throw RelayError(status: .conflict, code: "envelope.\(error.code)", message: error.description)
        }
        guard let data = FileManager.default.contents(atPath: destination) else { throw RelayError.storeUnavailable }
        return [UInt8](data)
    }

    /// The `attachments` member of a submission: up to 16 `{"mediaType", "content" (base64), "id"?}`.
    static func attachments(_ value: JSONValue?) throws -> [EnvelopeAttachmentSource] {
        guard let value else { return [] }
        let shape = "attachments must be an array of 1 to 16 {\"mediaType\": TYPE, \"content\": BASE64, \"id\"?: UUID}"
        guard let items = value.arrayValue, (1...16).contains(items.count) else {
            throw RelayError.badRequest("request.attachments", shape)
        }
        return try items.map { item in
            guard let object = item.objectValue, object.keys.allSatisfy(["mediaType", "content", "id"].contains),
                let mediaType = object["mediaType"]?.stringValue, let content = object["content"]?.stringValue
            else { throw RelayError.badRequest("request.attachments", shape) }
            let id = object["id"]?.stringValue
            guard object["id"] == nil || id != nil else { throw RelayError.badRequest("request.attachments", shape) }
            guard let bytes = try? Base64.decode(content) else {
                throw RelayError.badRequest("request.attachments", "an attachment's content is not canonical base64")
            }
            return EnvelopeAttachmentSource(content: bytes, mediaType: mediaType, id: id)
        }
    }

    private func outboxView(_ record: OutboxRecord) -> JSONObject {
        var view = JSONObject.make([
            "id": .string(record.id), "to": .array(record.message.recipients.map { .string($0) }),
            "nextHop": .string(record.message.peer), "type": .string(record.message.type),
            "state": .string(record.state.rawValue), "attempts": .number(JSONNumber(record.attempts)),
            "created": .string(EnvelopeTime.format(record.message.created)),
            "expires": .string(EnvelopeTime.format(record.message.expires)),
        ])
        if let error = record.lastError { view["lastError"] = .string(error) }
        if let accepted = record.acceptedAt, let delivered = record.deliveredAt {
            view["deliveryMilliseconds"] = .number(JSONNumber(Int((delivered.timeIntervalSince(accepted) * 1000).rounded())))
        }
        if let header = try? Envelope.parse(record.message.envelope).header {
            // Key ids only: which of the receiver's keys the content key is sealed to.
            view["encryptionKeys"] = .array(header.recipients.map { .string($0.keyId) })
        }
        if let receipt = record.receipt, let value = try? JSONParser.parse(receipt) { view["receipt"] = value }
        if let receipt = gateway.finalReceipts.receipt(id: record.id), let value = try? JSONParser.parse(receipt) {
            view["finalReceipt"] = value
        }
        return view
    }

    private func inboxView(_ row: InboxRecord) -> JSONObject {
        var view = JSONObject.make([
            "cursor": .number(JSONNumber(Int(row.cursor))), "id": .string(row.id), "from": .string(row.message.sender),
            "type": .string(row.message.type), "received": .string(EnvelopeTime.format(row.receivedAt)),
            "digest": .string(Base64.encode(row.message.digest)),
        ])
        view["acknowledged"] = .bool(row.ackedAt != nil)
        return view
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        PeerRoutes.bytes(value.serializedBytes(), type: "application/json", status: status)
    }
}

extension JSONObject {
    /// An object with `pairs` in order.
    static func make(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONObject {
        var object = JSONObject()
        for (key, value) in pairs { object[key] = value }
        return object
    }
}
