import NordgateCore
import NordgateTestSupport
import Testing

@testable import NordgateServer

/// The per-snapshot memory of derived pseudonym keys.
@Suite struct PseudonymKeyCacheTests {
    @Test func aCachedKeyMakesTheSamePseudonymsAsAFreshlyDerivedOneAndDomainsStayApart() throws {
        let folder = try TemporaryFolder()
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let cache = PseudonymKeyCache(keyring: keyring)
        let denmark = PseudonymDomain.receiver("DK-CA", purpose: "central-authority.locate-child-request.v1")
        let sweden = PseudonymDomain.receiver("SE-CA", purpose: "central-authority.locate-child-request.v1")
        let fresh = try PseudonymKey.active(in: keyring, for: denmark)
        for _ in 0..<2 {
            let cached = try cache.key(for: denmark)
            #expect(cached.domain == denmark)
            #expect(cached.pseudonym(of: "Kari Nordmann", category: .personName)
                == fresh.pseudonym(of: "Kari Nordmann", category: .personName))
        }
        #expect(try cache.key(for: sweden).pseudonym(of: "Kari Nordmann", category: .personName)
            != fresh.pseudonym(of: "Kari Nordmann", category: .personName))
        #expect(throws: (any Error).self) { try cache.key(for: .shared("no-such-shared-domain")) }
    }
}
