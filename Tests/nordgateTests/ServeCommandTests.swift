import Foundation
import NordgateTestSupport
import Sodium
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end runs of `nordgate serve`, `dev-pki`, `token` and `status` (killed gateways: KillRecoveryTests).
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
            up = ServeProcess.canConnect(port: node.localPort)
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
}
