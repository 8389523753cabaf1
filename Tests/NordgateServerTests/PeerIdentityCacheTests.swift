import SwiftASN1
import Testing
import X509

@testable import NordgateServer

/// The per-certificate memory of which peer a client certificate names.
@Suite struct PeerIdentityCacheTests {
    let pki: DevelopmentPKI
    let peers: [GatewayConfiguration.Peer]

    init() throws {
        pki = try DevelopmentPKI(name: "Nordgate TEST CA")
        peers = [
            .init(authority: "DK-CA", url: "https://127.0.0.1:1", tlsIdentity: PeerIdentity.uri(for: "DK-CA")),
            .init(authority: "SE-CA", url: "https://127.0.0.1:2", tlsIdentity: PeerIdentity.uri(for: "SE-CA")),
        ]
    }

    private func der(_ authority: String) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(try pki.issue(authority: authority).certificate)
        return serializer.serializedBytes
    }

    @Test func eachCertificateMapsToThePeerItNamesAgainAndAgain() throws {
        let cache = PeerIdentityCache(peers: peers)
        let denmark = try der("DK-CA")
        let sweden = try der("SE-CA")
        for _ in 0..<3 {
            #expect(cache.authority(ofDER: denmark) == "DK-CA")
            #expect(cache.authority(ofDER: sweden) == "SE-CA")
        }
    }

    @Test func certificatesNamingNoPeerAreRefusedEveryTimeAndCannotCrowdOutPeers() throws {
        let cache = PeerIdentityCache(peers: peers)
        let denmark = try der("DK-CA")
        #expect(cache.authority(ofDER: denmark) == "DK-CA")
        let stranger = try der("FI-CA")
        for _ in 0...PeerIdentityCache.capacity { #expect(cache.authority(ofDER: stranger) == nil) }
        #expect(cache.authority(ofDER: [0x30, 0x03, 0x02, 0x01, 0x01]) == nil)
        #expect(cache.authority(ofDER: []) == nil)
        #expect(cache.authority(ofDER: denmark) == "DK-CA")
    }
}
