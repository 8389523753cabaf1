import Crypto
public import Foundation
import SwiftASN1
public import X509

/// A throwaway certificate authority for demos and tests only: it makes a CA and per-gateway
/// certificates (P-256, ECDSA-SHA256) whose identity is a SAN URI `urn:nordgate:authority:<id>`
/// plus `localhost` and `127.0.0.1`. Never use its output in production.
public struct DevelopmentPKI: Sendable {
    /// A certificate with its private key, as PEM text.
    public struct Identity: Sendable {
        public let certificate: Certificate
        public let certificatePEM: String
        public let privateKeyPEM: String
    }

    /// The CA certificate.
    public let ca: Certificate
    /// The CA certificate as PEM (the peers' CA bundle).
    public let caPEM: String
    private let caKey: Certificate.PrivateKey
    private let caName: DistinguishedName

    /// A new CA valid from `notValidBefore` to `notValidAfter`.
    public init(
        name: String = "Nordgate DEMO CA - not for production", notValidBefore: Date = Date().addingTimeInterval(-3_600),
        notValidAfter: Date = Date().addingTimeInterval(90 * 86_400)
    ) throws {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let caName = try DistinguishedName {
            OrganizationName("Nordgate development")
            CommonName(name)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
        }
        ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: notValidBefore, notValidAfter: notValidAfter, issuer: caName, subject: caName,
            extensions: extensions, issuerPrivateKey: key)
        caPEM = try ca.serializeAsPEM().pemString
        caKey = key
        self.caName = caName
    }

    /// Issues a gateway certificate for `authority`, usable as TLS server and client.
    /// - Parameters:
    ///   - authority: the authority id named in the SAN URI and the common name.
    ///   - notValidBefore: start of validity (default: an hour ago).
    ///   - notValidAfter: end of validity (default: 90 days from now).
    public func issue(
        authority: String, notValidBefore: Date = Date().addingTimeInterval(-3_600),
        notValidAfter: Date = Date().addingTimeInterval(90 * 86_400)
    ) throws -> Identity {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try DistinguishedName {
            OrganizationName("Nordgate development")
            CommonName("\(authority) gateway")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectAlternativeNames([
                .uniformResourceIdentifier(PeerIdentity.uri(for: authority)),
                .dnsName("localhost"),
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
            ])
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: notValidBefore, notValidAfter: notValidAfter, issuer: caName, subject: subject,
            extensions: extensions, issuerPrivateKey: caKey)
        return Identity(
            certificate: certificate, certificatePEM: try certificate.serializeAsPEM().pemString,
            privateKeyPEM: try key.serializeAsPEM().pemString)
    }
}
