public import Foundation
import JSONSchema
public import NordgateCore
public import Sodium

/// A signed delivery receipt (`Schemas/receipt.v1.json`, `docs/relay.md`).
///
/// The issuer signs with Ed25519 over `"nordgate-receipt-v1" 0x00` followed by the RFC 8785
/// canonical bytes of the receipt without `signature`. The receipt's own bytes are the canonical
/// form of the whole object, so the same receipt always has the same bytes.
public struct Receipt: Sendable, Hashable {
    /// What the issuer did with the envelope.
    public enum Status: String, Sendable, Hashable {
        /// The addressed receiver stored it durably in its inbox.
        case accepted
        /// A relay stored it durably in its outbox towards `relayedTo`; the final receipt follows.
        case relayed
    }

    /// The envelope's id.
    public var envelopeId: String
    /// BLAKE2b-256 of the exact envelope bytes.
    public var envelopeDigest: [UInt8]
    /// The issuer: the receiver, or the relay.
    public var from: String
    /// The envelope's sender.
    public var to: String
    /// What the issuer did.
    public var status: Status
    /// The next hop, for a relayed receipt.
    public var relayedTo: String?
    /// When the issuer stored the envelope (whole seconds).
    public var received: Date
    /// The issuer's signing key.
    public var signingKeyId: String
    /// The Ed25519 signature.
    public var signature: [UInt8]

    static let context = Array("nordgate-receipt-v1".utf8) + [0]

    /// Issues a receipt signed with `signer`.
    /// - Throws: when the receipt cannot be written canonically (it always can).
    public static func issue(
        envelopeId: String, envelopeDigest: [UInt8], from: String, to: String, status: Status, relayedTo: String? = nil,
        received: Date, signingKeyId: String, signer: SigningKeyPair
    ) throws -> Receipt {
        var receipt = Receipt(
            envelopeId: envelopeId, envelopeDigest: envelopeDigest, from: from, to: to, status: status,
            relayedTo: relayedTo, received: Date(timeIntervalSince1970: received.timeIntervalSince1970.rounded(.down)),
            signingKeyId: signingKeyId, signature: [])
        receipt.signature = signer.sign(context + (try JSONValue.object(receipt.unsignedObject()).canonicalBytes()))
        return receipt
    }

    /// The receipt's bytes: canonical JSON.
    public func bytes() throws -> [UInt8] {
        var object = unsignedObject()
        object["signature"] = .string(Base64.encode(signature))
        return try JSONValue.object(object).canonicalBytes()
    }

    private func unsignedObject() -> JSONObject {
        var object = JSONObject()
        object["version"] = 1
        object["envelopeId"] = .string(envelopeId)
        object["envelopeDigest"] = .string(Base64.encode(envelopeDigest))
        object["from"] = .string(from)
        object["to"] = .string(to)
        object["status"] = .string(status.rawValue)
        if let relayedTo { object["relayedTo"] = .string(relayedTo) }
        object["received"] = .string(EnvelopeTime.format(received))
        object["signingKeyId"] = .string(signingKeyId)
        return object
    }

    /// Parses receipt bytes strictly (no check of the signature).
    /// - Throws: ``RelayError/receiptInvalid(_:)``.
    public static func parse(_ bytes: [UInt8]) throws(RelayError) -> Receipt {
        var options = JSONParser.Options()
        options.maxBytes = 4096
        options.maxDepth = 2
        guard let value = try? JSONParser.parse(bytes, options: options), let object = value.objectValue else {
            throw .receiptInvalid("not a JSON object")
        }
        let allowed: Set<String> = [
            "version", "envelopeId", "envelopeDigest", "from", "to", "status", "relayedTo", "received", "signingKeyId",
            "signature",
        ]
        guard object.keys.allSatisfy(allowed.contains) else { throw .receiptInvalid("unknown member") }
        guard object["version"]?.numberValue?.intValue == 1 else { throw .receiptInvalid("version is not 1") }
        guard let id = object["envelopeId"]?.stringValue, let digestText = object["envelopeDigest"]?.stringValue,
            let digest = try? Base64.decode(digestText), digest.count == 32,
            let from = object["from"]?.stringValue, AuthorityID.isValid(from),
            let to = object["to"]?.stringValue, AuthorityID.isValid(to),
            let status = object["status"]?.stringValue.flatMap(Status.init(rawValue:)),
            let receivedText = object["received"]?.stringValue, let received = EnvelopeTime.parse(receivedText),
            let keyId = object["signingKeyId"]?.stringValue,
            let signatureText = object["signature"]?.stringValue, let signature = try? Base64.decode(signatureText),
            signature.count == 64
        else { throw .receiptInvalid("a member is missing or malformed") }
        let relayedTo = object["relayedTo"]?.stringValue
        guard (status == .relayed) == (relayedTo != nil) else { throw .receiptInvalid("relayedTo does not match status") }
        return Receipt(
            envelopeId: id, envelopeDigest: digest, from: from, to: to, status: status, relayedTo: relayedTo,
            received: received, signingKeyId: keyId, signature: signature)
    }

    /// Checks the signature with the issuer's signing key from `descriptor`.
    /// - Returns: whether the key is the issuer's, is not pending, and the signature verifies.
    public func verifies(with descriptor: PublicDescriptor) -> Bool {
        guard descriptor.authority == from,
            let key = descriptor.keys.first(where: { $0.id == signingKeyId && $0.kind == .signing }),
            key.state != .pending, key.state != .revoked || (key.revocation?.time ?? .distantPast) > received,
            let publicKey = try? key.publicKeyBytes(),
            let message = try? Receipt.context + JSONValue.object(unsignedObject()).canonicalBytes()
        else { return false }
        return Signature.verify(signature, message: message, publicKey: publicKey)
    }
}
