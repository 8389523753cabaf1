import Foundation
import JSONSchema
import NordgateServer
import NordgateTestSupport
import Testing

/// A configuration error names the key and the fix.
struct ConfigurationTests {
    private static func base() throws -> JSONObject {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let path = network["NO-CA"].configurationPath
        return try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).objectValue!
    }

    @Test func readsTheTestConfiguration() throws {
        let configuration = try GatewayConfiguration.parse(.object(try Self.base()), base: "/", environment: [:])
        #expect(configuration.authority == "NO-CA")
        #expect(configuration.peers.map(\.authority) == ["DK-CA"])
        #expect(configuration.peers.first?.tlsIdentity == "urn:nordgate:authority:DK-CA")
        #expect(configuration.localListener.tokens.count == 3)
        #expect(configuration.nextHop(for: "DK-CA") == "DK-CA")
        #expect(configuration.nextHop(for: "FI-CA") == nil)
    }

    @Test(arguments: [
        ("authority", JSONValue.string("NO"), "authority"),
        ("peerListener", .null, "peerListener"),
        ("localListener", ["port": 1], "localListener.tokens"),
        ("peers", [["authority": "DK-CA", "url": "http://x"]], "peers[0].url"),
        ("routes", [["authority": "FI-CA", "via": "SE-CA"]], "routes[0].via"),
        ("delivery", ["retryBase": "soon"], "delivery.retryBase"),
        ("limits", ["maxBodyBytes": 10], "limits.maxBodyBytes"),
        ("colour", "blue", "colour"),
    ] as [(String, JSONValue, String)])
    func errorsNameTheKey(member: String, value: JSONValue, key: String) throws {
        var object = try Self.base()
        object[member] = value
        #expect {
            try GatewayConfiguration.parse(.object(object), base: "/", environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test func environmentOverridesPaths() throws {
        let configuration = try GatewayConfiguration.parse(
            .object(try Self.base()), base: "/", environment: ["NORDGATE_DATA": "/srv/data", "NORDGATE_KEYS": "/srv/keys"])
        #expect(configuration.dataFolder == "/srv/data")
        #expect(configuration.keysFolder == "/srv/keys")
    }
}
