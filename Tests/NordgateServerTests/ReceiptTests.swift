import Foundation
import JSONSchema
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Sodium
import Testing

struct ReceiptTests {
    private static func issue(status: Receipt.Status = .accepted, relayedTo: String? = nil) throws -> (Receipt, PublicDescriptor) {
        let folder = try TemporaryFolder()
        let keyring = try TestKeyrings.make("DK-CA", in: folder)
        let key = try keyring.activeKey(kind: .signing)
        let receipt = try Receipt.issue(
            envelopeId: "3f6c2a9e-8b1d-4c5e-9f70-1a2b3c4d5e6f", envelopeDigest: GenericHash.hash(Array("envelope".utf8)),
            from: "DK-CA", to: "NO-CA", status: status, relayedTo: relayedTo, received: Date(), signingKeyId: key.id,
            signer: try keyring.signingKeyPair(for: key))
        return (receipt, try PublicDescriptor.parse(try PublicDescriptor.make(from: keyring)))
    }

    @Test(arguments: [(Receipt.Status.accepted, nil), (.relayed, "FI-CA")] as [(Receipt.Status, String?)])
    func issuedReceiptsMatchTheSchemaAndVerify(status: Receipt.Status, relayedTo: String?) throws {
        let (receipt, descriptor) = try Self.issue(status: status, relayedTo: relayedTo)
        let bytes = try receipt.bytes()
        let catalog = try SchemaCatalog(folder: RepositoryPaths.schemas())
        let validator = try catalog.validator(forFile: RepositoryPaths.schemas() + "/receipt.v1.json")
        #expect(validator.isValid(try JSONParser.parse(bytes)))
        let parsed = try Receipt.parse(bytes)
        #expect(parsed == receipt)
        #expect(parsed.verifies(with: descriptor))
        #expect(try parsed.bytes() == bytes)
    }

    @Test func alteredReceiptsDoNotVerify() throws {
        let (receipt, descriptor) = try Self.issue()
        var other = receipt
        other.to = "SE-CA"
        #expect(!other.verifies(with: descriptor))
        var digest = receipt
        digest.envelopeDigest[0] ^= 1
        #expect(!digest.verifies(with: descriptor))
        var issuer = receipt
        issuer.from = "NO-CA"
        #expect(!issuer.verifies(with: descriptor))
    }

    @Test func parseRefusesUnknownMembersAndMismatchedRelayFields() throws {
        let (receipt, _) = try Self.issue()
        var object = try JSONParser.parse(try receipt.bytes()).objectValue!
        object["comment"] = "x"
        #expect(throws: RelayError.self) { try Receipt.parse(JSONValue.object(object).serializedBytes()) }
        object["comment"] = nil
        object["relayedTo"] = "FI-CA"
        #expect(throws: RelayError.self) { try Receipt.parse(JSONValue.object(object).serializedBytes()) }
    }
}
