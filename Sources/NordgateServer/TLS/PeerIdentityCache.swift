import SwiftASN1
import Synchronization
import X509

/// The authority behind each client certificate seen, so that a request on a kept-alive
/// connection does not parse the same certificate again.
///
/// Keyed by the certificate's exact DER bytes; the mapping depends only on the configured peers,
/// which do not change while the gateway runs. Chain and validity are checked by the TLS handshake,
/// not here. Holds at most ``capacity`` certificates and starts afresh when full.
final class PeerIdentityCache: Sendable {
    /// Most certificates remembered.
    static let capacity = 256

    private let peers: [GatewayConfiguration.Peer]
    private let known = Mutex<[[UInt8]: String]>([:])

    init(peers: [GatewayConfiguration.Peer]) {
        self.peers = peers
    }

    /// The configured peer the DER-encoded certificate names, or `nil`. Only matches are remembered, so
    /// certificates that name no peer cannot fill the cache.
    func authority(ofDER der: [UInt8]) -> String? {
        if let authority = known.withLock({ $0[der] }) { return authority }
        guard let certificate = try? Certificate(derEncoded: der),
            let authority = PeerIdentity.authority(of: certificate, peers: peers)
        else { return nil }
        known.withLock { known in
            if known.count >= Self.capacity { known.removeAll() }
            known[der] = authority
        }
        return authority
    }
}
