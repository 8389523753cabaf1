public import X509

/// Reads the identities a peer's certificate carries and maps them to configured peers.
///
/// A gateway certificate names its authority in a subjectAltName URI
/// `urn:nordgate:authority:<id>`; a configured `tlsIdentity` of the form `CN=<name>` matches the
/// subject's common name instead (for CAs that cannot issue URI names).
public enum PeerIdentity {
    /// The URI prefix of an authority identity.
    public static let uriPrefix = "urn:nordgate:authority:"

    /// The SAN URI that names `authority`.
    public static func uri(for authority: String) -> String { uriPrefix + authority }

    /// Every identity string `certificate` offers: its SAN URIs and `CN=<common name>`.
    public static func identities(of certificate: Certificate) -> Set<String> {
        var result: Set<String> = []
        if let names = try? certificate.extensions.subjectAlternativeNames {
            for name in names {
                if case .uniformResourceIdentifier(let uri) = name { result.insert(uri) }
            }
        }
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                result.insert("CN=\(attribute.value.description)")
            }
        }
        return result
    }

    /// The one configured peer whose expected identity the certificate carries.
    /// - Returns: the authority, or `nil` when none or more than one matches.
    static func authority(of certificate: Certificate, peers: [GatewayConfiguration.Peer]) -> String? {
        let offered = identities(of: certificate)
        let matches = peers.filter { offered.contains($0.tlsIdentity) }
        return matches.count == 1 ? matches[0].authority : nil
    }
}
