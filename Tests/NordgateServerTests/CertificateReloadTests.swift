import Foundation
import JSONSchema
import NIOHTTP1
import NordgateTestSupport
import Testing

/// TLS files are reloaded while running and apply to new connections.
struct CertificateReloadTests {
    @Test func aReplacedServerCertificateIsUsedForNewConnections() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"], settings: ["tlsReload": "1s"])
        let servers = [try network.server("DK-CA")]
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        try await TestNetwork.running(servers) {
            let first = HTTPTestClient()
            #expect(try await first.peer(dk, .GET, "/health", as: no, caBundle: dk.tls.caBundle).status == 200)
            // Replace DK-CA's certificate with one from a CA that NO-CA does not trust.
            let foreign = try network.pki.files(for: "DK-CA", otherCA: true)
            try Data(contentsOf: URL(fileURLWithPath: foreign.privateKey)).write(to: URL(fileURLWithPath: dk.tls.privateKey))
            try Data(contentsOf: URL(fileURLWithPath: foreign.certificate)).write(to: URL(fileURLWithPath: dk.tls.certificate))
            var refused = false
            for _ in 0..<100 where !refused {
                let client = HTTPTestClient()
                refused = (try? await client.peer(dk, .GET, "/health", as: no, caBundle: dk.tls.caBundle)) == nil
                if !refused { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(refused, "new connections still got the old certificate")
        }
    }
}
