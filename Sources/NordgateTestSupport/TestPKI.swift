import Foundation
public import NordgateServer

/// Certificates for server tests, made fresh per run so nothing in the repository expires:
/// a CA, gateway certificates issued by it, and the bad cases (another CA, expired).
public struct TestPKI: Sendable {
    /// The TLS files of one gateway.
    public struct Files: Sendable {
        public let certificate: String
        public let privateKey: String
        public let caBundle: String
    }

    /// The trusted test CA.
    public let pki: DevelopmentPKI
    /// Where the PEM files are written.
    public let folder: TemporaryFolder

    /// A new CA with files under `folder`.
    public init(folder: TemporaryFolder) throws {
        pki = try DevelopmentPKI(name: "Nordgate TEST CA")
        self.folder = folder
    }

    /// Writes a certificate for `authority` issued by the test CA, with the CA as bundle.
    /// - Parameters:
    ///   - authority: named in the certificate.
    ///   - expired: make a certificate whose validity ended an hour ago.
    ///   - otherCA: issue it from a fresh, untrusted CA instead (the bundle still names the test CA).
    public func files(for authority: String, expired: Bool = false, otherCA: Bool = false) throws -> Files {
        let issuer = otherCA ? try DevelopmentPKI(name: "Untrusted TEST CA") : pki
        let now = Date()
        let identity =
            expired
            ? try issuer.issue(
                authority: authority, notValidBefore: now.addingTimeInterval(-7_200), notValidAfter: now.addingTimeInterval(-3_600))
            : try issuer.issue(authority: authority)
        let tag = "\(authority)\(expired ? "-expired" : "")\(otherCA ? "-other" : "")-\(UUID().uuidString.prefix(6))"
        let certificate = folder.appending("\(tag).crt.pem")
        let privateKey = folder.appending("\(tag).key.pem")
        let bundle = folder.appending("ca.pem")
        try Data(identity.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificate))
        try write(identity.privateKeyPEM, to: privateKey)
        if !FileManager.default.fileExists(atPath: bundle) { try Data(pki.caPEM.utf8).write(to: URL(fileURLWithPath: bundle)) }
        return Files(certificate: certificate, privateKey: privateKey, caBundle: bundle)
    }

    private func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
    }
}
