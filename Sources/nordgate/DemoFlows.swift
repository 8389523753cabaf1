import Foundation
import JSONSchema
import NordgateCore
import NordgateServer
import Sodium

/// The message flows of `nordgate demo`, each through the gateways' real local APIs and peer listeners.
struct DemoFlows: Sendable {
    let tour: DemoTour
    let servers: [String: GatewayServer]

    // MARK: - Flows

    /// NO-CA asks DK-CA to help locate a child: the record, the envelope, DK's view, the receipt.
    func locateChild() async throws {
        DemoPrinter.step("NO-CA's caseworker asks DK-CA to help locate a missing child (Hague 1996, art. 31 c)")
        let record = try tour.example("central-authority/locate-child-request/valid-identified-child.json")
        DemoPrinter.line("the record as submitted by NO-CA's case system (synthetic), in part:")
        DemoPrinter.fields(record, Self.childFields)
        // The record refers to a photo by attachment id; the bytes are synthetic, not a picture of anyone.
        let photoID = record["attachmentIds"]?.arrayValue?.first?.stringValue
        let photo = Array("synthetic demo photo\n".utf8) + [UInt8](repeating: 0xA5, count: 48 * 1024)
        var attachment: JSONObject = JSONObject()
        attachment["mediaType"] = "image/jpeg"
        attachment["content"] = .string(Base64.encode(photo))
        if let photoID { attachment["id"] = .string(photoID) }
        let id = try await submit(
            from: "NO-CA", to: ["DK-CA"], type: DemoTour.locateChild, record: record, attachments: [.object(attachment)])["DK-CA"]!
        let view = try await delivered(at: "NO-CA", id: id)
        DemoPrinter.line("with a photo of \(photo.count) bytes attached (synthetic), encrypted as its own stream and uploaded ahead")
        DemoPrinter.line("accepted as message \(id): validated against its schema, the privacy policy for DK-CA")
        DemoPrinter.line("applied, sealed to DK-CA's key \(view["encryptionKeys"]?.arrayValue?.first?.stringValue ?? "?"), stored durably, then delivered")

        DemoPrinter.step("On the wire: a signed envelope; the record inside is ciphertext that only DK-CA's key opens")
        let wire = try await get(at: "NO-CA", "/v1/outbox/\(id)?include=envelope")
        DemoPrinter.json(wire["envelope"] ?? .null)

        DemoPrinter.step("DK-CA's caseworker lists the inbox and opens the message with DK-CA's key")
        for item in try await get(at: "DK-CA", "/v1/inbox?after=0")["messages"]?.arrayValue ?? [] {
            DemoPrinter.line("inbox: \(item["id"]?.stringValue ?? "?") from \(item["from"]?.stringValue ?? "?"), \(item["type"]?.stringValue ?? "?")")
        }
        let opened = try await get(at: "DK-CA", "/v1/inbox/\(id)")["payload"] ?? .null
        let changed = DemoPrinter.changes(from: record, to: opened)
        DemoPrinter.line(
            changed.isEmpty
                ? "every field arrives as submitted: a child to be located must be named to the other central authority"
                : "\(changed.count) fields changed by the policy")
        DemoPrinter.fields(opened, Self.childFields)
        if let photoID {
            let answer = try await tour.client("DK-CA").send("GET", "/v1/inbox/\(id)/attachments/\(photoID)")
            guard answer.status == 200, answer.body == photo else { throw DemoFailure("the photo did not open at DK-CA") }
            DemoPrinter.line("the photo \(photoID) opens with DK-CA's key: \(answer.body.count) bytes, identical to what NO-CA sent")
        }
        _ = try await post(at: "DK-CA", "/v1/inbox/\(id)/ack")
        DemoPrinter.line("DK-CA acknowledges it, so its case system will not fetch it again")

        DemoPrinter.step("Back at NO-CA: DK-CA's signed receipt over the envelope id and digest, checked with DK-CA's descriptor")
        DemoPrinter.json(view["receipt"] ?? .null)
    }

    /// NO-CA warns DK-CA and SE-CA: one envelope per receiver.
    func childInDanger() async throws {
        DemoPrinter.step("NO-CA warns DK-CA and SE-CA that a child in serious danger is about to move (art. 36)")
        let record = try tour.example("central-authority/child-in-danger-notice/valid-about-to-move.json")
        let ids = try await submit(from: "NO-CA", to: ["DK-CA", "SE-CA"], type: DemoTour.childInDanger, record: record)
        for receiver in ["DK-CA", "SE-CA"] {
            let view = try await delivered(at: "NO-CA", id: ids[receiver]!)
            let key = view["encryptionKeys"]?.arrayValue?.first?.stringValue ?? "?"
            let receipt = view["receipt"]
            DemoPrinter.line(
                "\(ids[receiver]!) -> \(receiver): own envelope sealed to \(key); receipt \(receipt?["status"]?.stringValue ?? "?") from \(receipt?["from"]?.stringValue ?? "?")")
        }
        DemoPrinter.line("each receiver gets its own envelope, so each can be opened only by its own key")
    }

    /// NO-POL to DK-POL with the persons pseudonymised, then re-identified at home.
    func policeReport() async throws {
        DemoPrinter.step("NO-POL sends DK-POL a trafficking intelligence report; identifiers of persons become pseudonyms")
        let record = try tour.example("police/trafficking-intelligence-report/valid-minor-victim-with-route.json")
        let id = try await submit(from: "NO-POL", to: ["DK-POL"], type: DemoTour.traffickingReport, record: record)["DK-POL"]!
        _ = try await delivered(at: "NO-POL", id: id)
        let opened = try await get(at: "DK-POL", "/v1/inbox/\(id)")["payload"] ?? .null
        let changed = DemoPrinter.changes(from: record, to: opened)
        guard !changed.isEmpty else { throw DemoFailure("the police report arrived without pseudonyms") }
        DemoPrinter.line("\(changed.count) values differ between NO-POL's record and what DK-POL's analyst reads, e.g.:")
        for change in changed.prefix(8) {
            DemoPrinter.line("  \(DemoPrinter.padded(change.path, 46)) \(change.before)  ->  \(change.after)")
        }
        DemoPrinter.line("(dates of birth become age bands; the victim's band still says that the victim is a minor)")
        let pseudonym = changed.first { $0.after.hasPrefix("\"psn:") }.map { String($0.after.dropFirst().dropLast()) }
        if let pseudonym, let noPol = servers["NO-POL"] {
            let keyring = try Keyring.open(tour.network.nodes["NO-POL"]!.keysFolder, passphrase: tour.passphrase)
            let original = try Reidentification.resolve(
                pseudonym, reason: "demo: follow-up asked for by DK-POL", operatorName: "demo-operator", keyring: keyring,
                vault: ReidentificationVault(storage: noPol.gateway.store), audit: noPol.gateway.audit)
            DemoPrinter.line("only NO-POL can resolve a pseudonym, from its own encrypted vault, and it is audited:")
            DemoPrinter.line("  \(pseudonym) = \"\(original)\" (as `nordgate reidentify` does)")
        }
    }

    /// IS-CA reaches FI-CA through NO-CA, which relays without being able to read.
    func relayed() async throws {
        DemoPrinter.step("IS-CA asks FI-CA to help locate a child; they have no link, so NO-CA relays the envelope blind")
        var record = try tour.example("central-authority/locate-child-request/valid-identified-child.json")
        if case .object(var object) = record {
            object["requestingAuthority"] = "IS-CA"
            record = .object(object)
        }
        let id = try await submit(from: "IS-CA", to: ["FI-CA"], type: DemoTour.locateChild, record: record)["FI-CA"]!
        let view = try await delivered(at: "IS-CA", id: id)
        let receipt = view["receipt"]
        DemoPrinter.line("first hop: receipt \"\(receipt?["status"]?.stringValue ?? "?")\" from \(receipt?["from"]?.stringValue ?? "?"), which stored the envelope before answering")
        let wire = try await get(at: "IS-CA", "/v1/outbox/\(id)?include=envelope")
        let bytes = (wire["envelope"] ?? .null).serializedBytes()
        do {
            _ = try servers["NO-CA"]!.gateway.keys.snapshot.opener.open(bytes)
            throw DemoFailure("NO-CA could open an envelope addressed to FI-CA")
        } catch let error as EnvelopeError {
            DemoPrinter.line("NO-CA trying to open it with its own keys: refused, \(error.code) (\(error.description))")
        }
        var final: JSONValue?
        for _ in 0..<150 where final == nil {
            final = try await get(at: "IS-CA", "/v1/outbox/\(id)")["finalReceipt"]
            if final == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        guard let final else { throw DemoFailure("no final receipt from FI-CA reached IS-CA") }
        DemoPrinter.line("final receipt \"\(final["status"]?.stringValue ?? "?")\" signed by \(final["from"]?.stringValue ?? "?"), carried back through NO-CA")
        let opened = try await get(at: "FI-CA", "/v1/inbox/\(id)")["payload"] ?? .null
        DemoPrinter.line("FI-CA opens it: case \(opened["caseReference"]?.stringValue ?? "?") from \(opened["requestingAuthority"]?.stringValue ?? "?")")
        let relayInbox = try await get(at: "NO-CA", "/v1/inbox?after=0")["messages"]?.arrayValue ?? []
        DemoPrinter.line("NO-CA's own inbox holds \(relayInbox.count) messages: it only passed the envelope on")
    }

    /// DK-CA rotates its encryption key; NO-CA refreshes and uses the new key, no restarts.
    func rotation() async throws {
        DemoPrinter.step("DK-CA's operator rotates its encryption key while the gateway runs (`nordgate keys rotate`)")
        let dk = tour.network.nodes["DK-CA"]!
        let (old, new) = try Keyring.modify(dk.keysFolder, passphrase: tour.passphrase) { ring in
            let old = try ring.activeKey(kind: .encryption).id
            let new = try ring.rotate(kind: .encryption, grace: 30 * 86_400).id
            return (old, new)
        }
        DemoPrinter.line("new key \(new) is active; \(old) stays decrypt-only for 30 days")
        DemoPrinter.line("NO-CA's operator refreshes the peers' descriptors (`nordgate peers refresh`; it also runs on a schedule):")
        let refresh = try await post(at: "NO-CA", "/v1/directory/refresh", asOperator: true)
        for peer in refresh["peers"]?.arrayValue ?? [] where peer["authority"]?.stringValue == "DK-CA" {
            DemoPrinter.line("  DK-CA: \(peer["outcome"]?.stringValue ?? "?") (accepted because it is signed along DK-CA's signing-key chain)")
        }
        let record = try tour.example("central-authority/locate-child-request/valid-identified-child.json")
        let id = try await submit(from: "NO-CA", to: ["DK-CA"], type: DemoTour.locateChild, record: record)["DK-CA"]!
        let used = try await delivered(at: "NO-CA", id: id)["encryptionKeys"]?.arrayValue?.first?.stringValue
        guard used == new else { throw DemoFailure("the next message was not sealed to DK-CA's new key") }
        DemoPrinter.line("NO-CA's next message \(id) is sealed to \(new); no gateway restarted")
        let opened = try await get(at: "DK-CA", "/v1/inbox/\(id)")["payload"] ?? .null
        DemoPrinter.line("DK-CA opens it with the new key: case \(opened["caseReference"]?.stringValue ?? "?")")
        let first = try await get(at: "DK-CA", "/v1/inbox?after=0")["messages"]?.arrayValue?.first?["id"]?.stringValue ?? ""
        let earlier = try await get(at: "DK-CA", "/v1/inbox/\(first)")["payload"]?["caseReference"]?.stringValue
        DemoPrinter.line("and still opens the first message, sealed to \(old): case \(earlier ?? "?")")
    }

    // MARK: - Local API calls

    private static let childFields = [
        "/caseReference", "/child/givenNames", "/child/familyName", "/child/dateOfBirth", "/child/ageStatus",
        "/child/nationalIdentityNumbers/0/value", "/relevantAdults/0/person/givenNames",
    ]

    /// Submits `record`; returns the message id per receiver.
    private func submit(
        from: String, to: [String], type: String, record: JSONValue, attachments: [JSONValue] = []
    ) async throws -> [String: String] {
        var body: JSONValue = ["to": .array(to.map { .string($0) }), "type": .string(type), "record": record]
        if !attachments.isEmpty, case .object(var object) = body {
            object["attachments"] = .array(attachments)
            body = .object(object)
        }
        let answer = try await tour.client(from).send("POST", "/v1/outbox", body: body.serializedBytes())
        let json = (try? JSONParser.parse(answer.body)) ?? .null
        guard answer.status == 202 else {
            throw DemoFailure("\(from) refused the submission: \(json["error"]?.stringValue ?? "\(answer.status)")")
        }
        var ids: [String: String] = [:]
        for message in json["messages"]?.arrayValue ?? [] {
            if let receiver = message["to"]?.stringValue, let id = message["id"]?.stringValue { ids[receiver] = id }
        }
        return ids
    }

    /// Waits (up to 30 s) until message `id` of gateway `at` is delivered; returns its outbox view.
    private func delivered(at authority: String, id: String) async throws -> JSONValue {
        for _ in 0..<150 {
            let view = try await get(at: authority, "/v1/outbox/\(id)")
            switch view["state"]?.stringValue {
            case "delivered": return view
            case "dead", "expired": throw DemoFailure("message \(id) ended \(view["state"]?.stringValue ?? "?")")
            default: try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw DemoFailure("message \(id) was not delivered within 30 seconds")
    }

    private func get(at authority: String, _ path: String) async throws -> JSONValue {
        try await call(tour.client(authority), "GET", path)
    }

    private func post(at authority: String, _ path: String, asOperator: Bool = false) async throws -> JSONValue {
        try await call(tour.client(authority, operator: asOperator), "POST", path)
    }

    private func call(_ client: LocalAPIClient, _ method: String, _ path: String) async throws -> JSONValue {
        let answer = try await client.send(method, path)
        let json = (try? JSONParser.parse(answer.body)) ?? .null
        guard answer.status < 300 else {
            throw DemoFailure("\(method) \(path) answered \(answer.status) \(json["error"]?.stringValue ?? "")")
        }
        return json
    }
}
