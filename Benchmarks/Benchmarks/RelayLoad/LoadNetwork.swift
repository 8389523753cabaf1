import Foundation
import JSONSchema
import NordgateServer
import Sodium

#if canImport(Glibc)
import Glibc
#endif

/// Four gateways for the load runs, each run as its own `nordgate serve` process: NO-CA sends to
/// DK-CA; NO-CA also relays from IS-CA to FI-CA (the benchmark plays IS-CA's gateway itself).
struct LoadNetwork {
    static let passphraseText = "relay benchmark passphrase (synthetic)"

    let network: LoopbackNetwork
    let caseworkerToken: String
    let executable: String

    init(folder: String, schemas: String, executable: String) throws {
        self.executable = executable
        let pki = try DevelopmentPKI()
        let pkiFolder = (folder as NSString).appendingPathComponent("pki")
        try FileManager.default.createDirectory(atPath: pkiFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let caBundle = (pkiFolder as NSString).appendingPathComponent("ca.pem")
        try Data(pki.caPEM.utf8).write(to: URL(fileURLWithPath: caBundle))
        let caseworker = TokenEntry.generate(name: "bench-caseworker", role: .caseworker)
        caseworkerToken = caseworker.token
        var plan = LoopbackNetwork.Plan(
            authorities: ["NO-CA", "DK-CA", "IS-CA", "FI-CA"], links: [("NO-CA", "DK-CA"), ("NO-CA", "IS-CA"), ("NO-CA", "FI-CA")])
        plan.routes = [("IS-CA", "FI-CA", "NO-CA"), ("FI-CA", "IS-CA", "NO-CA")]
        plan.relay = [("NO-CA", "IS-CA", "FI-CA")]
        plan.tokens = [caseworker.entry]
        // The default per-peer rate limit (200/s) and delivery window (32) are what a real deployment wants; the
        // benchmark measures the gateway: no rate limit, and up to 256 deliveries (eight batches of 32) per peer in flight.
        plan.settings = [
            "limits": ["peerRequestsPerSecond": 1_000_000, "peerBurst": 1_000_000],
            "delivery": ["batchSize": 256, "retryBase": "1s", "retryMax": "5s", "pollInterval": "1s"],
        ]
        network = try LoopbackNetwork(
            plan: plan, folder: folder, schemas: schemas,
            passphrase: SecretBytes(copying: Array(Self.passphraseText.utf8)), cost: .interactive
        ) { authority in
            let identity = try pki.issue(authority: authority)
            let certificate = (pkiFolder as NSString).appendingPathComponent("\(authority).crt.pem")
            let privateKey = (pkiFolder as NSString).appendingPathComponent("\(authority).key.pem")
            try Data(identity.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificate))
            guard FileManager.default.createFile(
                atPath: privateKey, contents: Data(identity.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
            return LoopbackNetwork.TLSFiles(certificate: certificate, privateKey: privateKey, caBundle: caBundle)
        }
    }

    subscript(_ authority: String) -> LoopbackNetwork.Node { network.nodes[authority]! }

    /// Starts `nordgate serve` for `authority` and waits until both listeners accept connections.
    func start(_ authority: String) async throws -> Process {
        let node = self[authority]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", node.configurationPath, "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["NORDGATE_PASSPHRASE"] = Self.passphraseText
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Probes each port until it answers (each probe is a connection of its own), for at most 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while !(Self.listening(node.localPort) && Self.listening(node.peerPort)), process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard process.isRunning else { throw LoadError("\(authority) did not start") }
        return process
    }

    /// Stops a gateway gracefully and waits for it.
    static func stop(_ process: Process) async {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
    }

    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A benchmark step that could not be done.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
