public import Foundation
import NIOCore
public import NIOSSL
import Synchronization
import X509

/// The gateway's TLS files, loaded into a server context for the peer listener and a client
/// configuration for deliveries, and reloaded when the files change.
///
/// A reload applies to new connections only; connections already open keep the certificates
/// they were made with (`docs/relay.md`, "Certificate reload").
public final class TLSMaterial: Sendable {
    /// What one load of the files produced.
    struct Loaded: Sendable {
        var serverConfiguration: TLSConfiguration
        var serverContext: NIOSSLContext
        var clientConfiguration: TLSConfiguration
        var stamp: [String]
        var certificateNotAfter: Date
        var caNotAfter: Date
    }

    let certificatePath: String
    let privateKeyPath: String
    let caBundlePath: String
    private let state: Mutex<Loaded>

    /// Loads the three PEM files.
    /// - Throws: ``ConfigurationError`` naming the `peerListener` key whose file is unusable.
    public init(certificate: String, privateKey: String, caBundle: String) throws(ConfigurationError) {
        certificatePath = certificate
        privateKeyPath = privateKey
        caBundlePath = caBundle
        state = Mutex(try Self.load(certificate: certificate, privateKey: privateKey, caBundle: caBundle))
    }

    /// The server TLS configuration as loaded (for listeners that build their own context).
    public var serverConfiguration: TLSConfiguration { state.withLock { $0.serverConfiguration } }
    /// The context for new peer-listener connections.
    public var serverContext: NIOSSLContext { state.withLock { $0.serverContext } }
    /// The TLS configuration for new outgoing connections.
    public var clientConfiguration: TLSConfiguration { state.withLock { $0.clientConfiguration } }
    /// When this gateway's certificate expires.
    public var certificateNotAfter: Date { state.withLock { $0.certificateNotAfter } }
    /// When the first CA certificate in the bundle expires.
    public var caNotAfter: Date { state.withLock { $0.caNotAfter } }

    /// Reloads the files if their size or modification time changed.
    /// - Returns: `true` when new material is in use.
    /// - Throws: ``ConfigurationError`` when changed files cannot be used (the old material stays in use).
    @discardableResult
    public func reloadIfChanged() throws(ConfigurationError) -> Bool {
        let stamp = Self.stamp([certificatePath, privateKeyPath, caBundlePath])
        guard stamp != state.withLock({ $0.stamp }) else { return false }
        let loaded = try Self.load(certificate: certificatePath, privateKey: privateKeyPath, caBundle: caBundlePath)
        state.withLock { $0 = loaded }
        return true
    }

    private static func stamp(_ paths: [String]) -> [String] {
        paths.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            return "\(modified)/\(size)"
        }
    }

    private static func load(certificate: String, privateKey: String, caBundle: String) throws(ConfigurationError) -> Loaded {
        let stamp = stamp([certificate, privateKey, caBundle])
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw ConfigurationError(key: "peerListener.certificate", problem: "\(certificate) is not a readable PEM certificate file")
        }
        guard let leaf = chain.first else {
            throw ConfigurationError(key: "peerListener.certificate", problem: "\(certificate) holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: privateKey, format: .pem) } catch {
            throw ConfigurationError(key: "peerListener.privateKey", problem: "\(privateKey) is not a readable PEM private key")
        }
        let roots: [NIOSSLCertificate]
        do { roots = try NIOSSLCertificate.fromPEMFile(caBundle) } catch {
            throw ConfigurationError(key: "peerListener.caBundle", problem: "\(caBundle) is not a readable PEM file of CA certificates")
        }
        guard !roots.isEmpty else {
            throw ConfigurationError(key: "peerListener.caBundle", problem: "\(caBundle) holds no certificate")
        }
        var server = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        server.minimumTLSVersion = .tlsv12
        server.certificateVerification = .fullVerification
        server.trustRoots = .certificates(roots)
        server.sendCANameList = true
        // Idle keep-alive connections are closed at shutdown; do not wait long for the peer's close_notify.
        server.shutdownTimeout = .seconds(1)
        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv12
        client.certificateChain = chain.map { .certificate($0) }
        client.privateKey = .privateKey(key)
        client.trustRoots = .certificates(roots)
        client.certificateVerification = .fullVerification
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: server) } catch {
            throw ConfigurationError(
                key: "peerListener.privateKey", problem: "the certificate and private key do not form a usable TLS identity")
        }
        return Loaded(
            serverConfiguration: server, serverContext: context, clientConfiguration: client, stamp: stamp,
            certificateNotAfter: Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)),
            caNotAfter: Date(timeIntervalSince1970: TimeInterval(roots.map(\.notValidAfter).min() ?? 0)))
    }
}
