import Foundation
import JSONSchema
import Logging
import NordgateCore
import NordgateServer
import Sodium

/// The steps of `nordgate demo`: a network of seven gateways on loopback and the flows between them.
struct DemoTour: Sendable {
    static let centralAuthorities = ["NO-CA", "DK-CA", "SE-CA", "FI-CA", "IS-CA"]
    static let police = ["NO-POL", "DK-POL"]
    /// Direct peer links; IS-CA and FI-CA are not linked: NO-CA relays between them.
    static let links = [
        ("NO-CA", "DK-CA"), ("NO-CA", "SE-CA"), ("NO-CA", "FI-CA"), ("NO-CA", "IS-CA"), ("DK-CA", "SE-CA"),
        ("NO-POL", "DK-POL"),
    ]
    static let locateChild = "central-authority.locate-child-request.v1"
    static let childInDanger = "central-authority.child-in-danger-notice.v1"
    static let traffickingReport = "police.trafficking-intelligence-report.v1"

    let folder: String
    let network: LoopbackNetwork
    let passphrase: SecretBytes
    let caseworkerToken: String
    let operatorToken: String
    let schemas: String

    /// Makes keyrings, certificates, tokens and configurations in `folder` (nothing runs yet).
    init(folder: String) throws {
        self.folder = folder
        schemas = try Self.schemasFolder()
        passphrase = SecretBytes(copying: SecureRandom.bytes(32))
        let caseworker = TokenEntry.generate(name: "demo-caseworker", role: .caseworker)
        let operatorEntry = TokenEntry.generate(name: "demo-operator", role: .operator)
        caseworkerToken = caseworker.token
        operatorToken = operatorEntry.token

        DemoPrinter.step("Seven authorities each create a keyring (Argon2id-protected, mode 0600) and a TLS identity")
        let pkiFolder = (folder as NSString).appendingPathComponent("pki")
        try FileManager.default.createDirectory(atPath: pkiFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let pki = try DevelopmentPKI()
        let caBundle = (pkiFolder as NSString).appendingPathComponent("ca.pem")
        try Self.write(pki.caPEM, to: caBundle, mode: 0o644)
        var plan = LoopbackNetwork.Plan(authorities: Self.centralAuthorities + Self.police, links: Self.links)
        plan.routes = [("IS-CA", "FI-CA", "NO-CA"), ("FI-CA", "IS-CA", "NO-CA")]
        plan.relay = [("NO-CA", "IS-CA", "FI-CA"), ("NO-CA", "FI-CA", "IS-CA")]
        plan.tokens = [caseworker.entry, operatorEntry.entry]
        plan.settings = [
            "delivery": ["retryBase": "1s", "retryMax": "5s", "pollInterval": "1s"], "directoryRefresh": "1h",
        ]
        network = try LoopbackNetwork(plan: plan, folder: folder, schemas: schemas, passphrase: passphrase, cost: .interactive) {
            authority in
            let identity = try pki.issue(authority: authority)
            let certificate = (pkiFolder as NSString).appendingPathComponent("\(authority).crt.pem")
            let privateKey = (pkiFolder as NSString).appendingPathComponent("\(authority).key.pem")
            try Self.write(identity.certificatePEM, to: certificate, mode: 0o644)
            try Self.write(identity.privateKeyPEM, to: privateKey, mode: 0o600)
            return LoopbackNetwork.TLSFiles(certificate: certificate, privateKey: privateKey, caBundle: caBundle)
        }
        for authority in plan.authorities {
            let keyring = try Keyring.open(network.nodes[authority]!.keysFolder, passphrase: passphrase)
            let signing = try keyring.activeKey(kind: .signing)
            DemoPrinter.line("\(DemoPrinter.padded(authority, 7)) signing key \(signing.id), fingerprint \(try keyring.fingerprint(of: signing))")
        }
        DemoPrinter.step("They exchange signed public descriptors (fingerprints checked by phone) and TLS certificates from a throwaway CA")
        DemoPrinter.line("every gateway trusts the other six; direct links:")
        DemoPrinter.line("  " + Self.links.map { "\($0.0)–\($0.1)" }.joined(separator: ", "))
        DemoPrinter.line("  IS-CA and FI-CA have no link: NO-CA is configured to relay between them")
    }

    /// Starts the gateways, runs the flows, stops the gateways and verifies their audit logs.
    func run() async throws {
        var servers: [String: GatewayServer] = [:]
        for (authority, node) in network.nodes {
            let configuration = try GatewayConfiguration.load(path: node.configurationPath, environment: [:])
            var logger = Logger(label: "nordgate.demo.\(authority)")
            logger.logLevel = .error
            servers[authority] = try GatewayServer(configuration: configuration, passphrase: passphrase, logger: logger)
        }
        let ordered = (Self.centralAuthorities + Self.police).map { servers[$0]! }
        DemoPrinter.step("The seven gateways start: peers talk mutual TLS, case systems use a local API with bearer tokens")
        let all = servers
        try await LoopbackNetwork.running(ordered) {
            for authority in Self.centralAuthorities + Self.police {
                let node = network.nodes[authority]!
                DemoPrinter.line("\(DemoPrinter.padded(authority, 7)) peers https://127.0.0.1:\(node.peerPort)   case systems http://127.0.0.1:\(node.localPort)")
            }
            let flows = DemoFlows(tour: self, servers: all)
            try await flows.locateChild()
            try await flows.childInDanger()
            try await flows.policeReport()
            try await flows.relayed()
            try await flows.rotation()
            DemoPrinter.step("The gateways stop gracefully: requests in flight finish, nothing accepted is lost")
        }
        DemoPrinter.line("all seven stopped; a signed checkpoint closes each audit log")
        try verifyAuditLogs()
    }

    private func verifyAuditLogs() throws {
        DemoPrinter.step("Each gateway's hash-chained, signed audit log verifies (ids, key ids and pseudonyms only)")
        for authority in Self.centralAuthorities + Self.police {
            let node = network.nodes[authority]!
            let keyring = try Keyring.open(node.keysFolder, passphrase: passphrase)
            var keys: [String: [UInt8]] = [:]
            for key in keyring.keys where key.kind == .signing {
                if let publicKey = key.publicKey { keys[key.id] = try Base64.decode(publicKey) }
            }
            let store = try SQLiteGatewayStore(folder: node.dataFolder)
            let verification = AuditLog(store: store).verify(publicKeys: keys)
            guard verification.isValid else { throw DemoFailure("the audit log of \(authority) does not verify") }
            DemoPrinter.line(
                "\(DemoPrinter.padded(authority, 7)) \(verification.entries) entries, signed checkpoints \(verification.checkpoints): whole")
        }
    }

    /// A client of `authority`'s local API with the caseworker's (or the operator's) token.
    func client(_ authority: String, operator asOperator: Bool = false) throws -> LocalAPIClient {
        let configuration = try GatewayConfiguration.load(path: network.nodes[authority]!.configurationPath, environment: [:])
        return LocalAPIClient(configuration: configuration, token: asOperator ? operatorToken : caseworkerToken)
    }

    /// A synthetic example record from the schema folder.
    func example(_ relative: String) throws -> JSONValue {
        let path = (schemas as NSString).appendingPathComponent("examples/" + relative)
        guard let data = FileManager.default.contents(atPath: path) else { throw DemoFailure("\(path) is missing") }
        return try JSONParser.parse([UInt8](data))
    }

    /// `Schemas/` beside the executable's checkout, or in the current folder.
    private static func schemasFolder() throws -> String {
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            candidates.append(url.path)
            url.deleteLastPathComponent()
        }
        for folder in candidates {
            let schemas = (folder as NSString).appendingPathComponent("Schemas")
            if FileManager.default.fileExists(atPath: (schemas as NSString).appendingPathComponent("envelope.v1.json")) {
                return schemas
            }
        }
        throw UsageFailure("Cannot find the Schemas folder; run the demo from the repository's folder.")
    }

    private static func write(_ text: String, to path: String, mode: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        else { throw UsageFailure("Cannot write \(path).") }
    }
}

/// A demo step that did not turn out as it should.
struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "demo failed: " + description }
}
