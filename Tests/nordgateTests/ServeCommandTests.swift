import Foundation
import NordgateTestSupport
import Sodium
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end runs of `nordgate serve`, `dev-pki`, `token` and `status`.
struct ServeCommandTests {
    let cli: CommandRunner

    init() throws {
        cli = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": TestKeyrings.passphraseText])
    }

    @Test func serveCheckNamesTheBrokenKeyAndExitsTwo() throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let path = network["NO-CA"].configurationPath
        let good = try cli.run(["serve", "--config", path, "--check"])
        #expect(good.status == 0, "\(good.stderr)")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"url\": \"https://", with: "\"url\": \"http://")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try cli.run(["serve", "--config", path, "--check"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("peers[0].url"))
    }

    @Test func serveStopsCleanlyOnSIGTERMAndItsAuditLogVerifies() throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let node = network["NO-CA"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.executable)
        process.arguments = ["serve", "--config", node.configurationPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NORDGATE_PASSPHRASE"] = TestKeyrings.passphraseText
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Wait until the local listener accepts connections (at most about 20 s).
        var up = false
        for _ in 0..<200 where !up {
            up = Self.canConnect(port: node.localPort)
            if !up { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(up)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("gateway stopped"))
        let status = try cli.run(["status", "--config", node.configurationPath])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("gateway NO-CA"))
        let verify = try cli.run(["audit", "verify", "--data", node.dataFolder, "--keys", node.keysFolder])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func devPKIWritesCertificatesAndOwnerOnlyKeys() throws {
        let folder = try TemporaryFolder()
        let out = folder.appending("pki")
        let result = try cli.run(["dev-pki", "--out", out, "--authority", "NO-CA", "--authority", "DK-CA"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("DEMO-ONLY"))
        for name in ["ca.pem", "NO-CA.crt.pem", "DK-CA.crt.pem"] {
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(text.hasPrefix("-----BEGIN CERTIFICATE-----"))
        }
        for name in ["NO-CA.key.pem", "DK-CA.key.pem"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out + "/" + name)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        let again = try cli.run(["dev-pki", "--out", out, "--authority", "NO-CA"])
        #expect(again.status == 2)
        #expect(try cli.run(["dev-pki", "--out", folder.appending("x"), "--authority", "XX-CA"]).status == 2)
    }

    @Test func tokenPrintsTheTokenOnceAndOnlyItsHashForTheConfiguration() throws {
        let result = try cli.run(["token", "--name", "case-system-1", "--role", "caseworker"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let token = try #require(lines.first { $0.hasPrefix("token: ") }).dropFirst("token: ".count)
        let hash = Hex.encode(GenericHash.hash(Array(token.utf8)))
        let entry = try #require(lines.last)
        #expect(entry.contains(hash))
        #expect(!entry.contains(String(token)))
        #expect(entry.contains("\"role\":\"caseworker\""))
        #expect(try cli.run(["token", "--name", "x", "--role", "admin"]).status != 0)
    }

    @Test(arguments: ["receiver", "sender"])
    func aGatewayKilledMidStreamLosesNothingAndDuplicatesNothing(victim: String) throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let no = network["NO-CA"]
        let dk = network["DK-CA"]
        var sender = try startServe(no)
        var receiver = try startServe(dk)
        defer {
            for process in [sender, receiver] where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let record = RepositoryPaths.schemas() + "/examples/central-authority/locate-child-request/valid-identified-child.json"
        var client = cli
        client.environment["NORDGATE_TOKEN"] = TestNetwork.caseworkerToken
        let count = 20
        for index in 0..<count {
            let sent = try client.run([
                "send", "--config", no.configurationPath, "--to", "DK-CA", "--type",
                "central-authority.locate-child-request.v1", record,
            ])
            #expect(sent.status == 0, "\(sent.stderr)")
            if victim == "receiver", index == count / 2 {
                kill(receiver.processIdentifier, SIGKILL)
                receiver.waitUntilExit()
            }
        }
        if victim == "sender" {
            // Killed right after the last acceptance, with deliveries still queued or in flight.
            kill(sender.processIdentifier, SIGKILL)
            sender.waitUntilExit()
            sender = try startServe(no)
        } else {
            receiver = try startServe(dk)
        }
        // Every message ends delivered at the sender (bounded wait), each exactly once at the receiver.
        var delivered = 0
        for _ in 0..<300 where delivered < count {
            let status = try client.run(["status", "--config", no.configurationPath, "--json"])
            delivered = Self.count(in: status.stdout, state: "delivered")
            if delivered < count { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(delivered == count)
        let inbox = try client.run(["inbox", "list", "--config", dk.configurationPath])
        let ids = inbox.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        #expect(ids.count == count)
        #expect(Set(ids).count == count)
        for process in [sender, receiver] {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
    }

    /// Starts `nordgate serve` for `node` and waits until its local listener accepts connections.
    private func startServe(_ node: TestNetwork.Node) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.executable)
        process.arguments = ["serve", "--config", node.configurationPath, "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["NORDGATE_PASSPHRASE"] = TestKeyrings.passphraseText
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 where !Self.canConnect(port: node.localPort) { Thread.sleep(forTimeInterval: 0.1) }
        return process
    }

    /// The number in `"state": n` summed over the peers of a `status --json` report.
    private static func count(in report: String, state: String) -> Int {
        var total = 0
        var rest = Substring(report)
        while let range = rest.range(of: "\"\(state)\" : ") ?? rest.range(of: "\"\(state)\": ") {
            rest = rest[range.upperBound...]
            total += Int(rest.prefix { $0.isNumber }) ?? 0
        }
        return total
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
