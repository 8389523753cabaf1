import Dispatch
import Foundation
import NordgateTestSupport
import Testing

/// The system's curl (on OpenSSL) as an independent client of the peer listener.
struct IndependentClientTests {
    /// Runs curl on a Dispatch thread (not the cooperative pool, which the server in this
    /// process needs) and returns its exit status and the HTTP status it printed.
    private static func curl(_ arguments: [String]) async throws -> (exit: Int32, http: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runCurl(arguments) })
            }
        }
    }

    private static func runCurl(_ arguments: [String]) throws -> (exit: Int32, http: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test
    func curlNeedsAClientCertificateFromTheTrustedCA() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let foreign = try network.pki.files(for: "NO-CA", otherCA: true)
        try await TestNetwork.running([try network.server("DK-CA")]) {
            let url = "https://127.0.0.1:\(dk.peerPort)/v1/directory"
            let good = try await Self.curl(["--cacert", no.caBundle, "--cert", no.certificate, "--key", no.privateKey, url])
            #expect(good.exit == 0)
            #expect(good.http == "200")
            let anonymous = try await Self.curl(["--cacert", no.caBundle, url])
            #expect(anonymous.exit != 0 || anonymous.http == "000")
            let untrusted = try await Self.curl(["--cacert", no.caBundle, "--cert", foreign.certificate, "--key", foreign.privateKey, url])
            #expect(untrusted.exit != 0 || untrusted.http == "000")
            let tls12 = try await Self.curl([
                "--tls-max", "1.2", "--cacert", no.caBundle, "--cert", no.certificate, "--key", no.privateKey, url,
            ])
            #expect(tls12.http == "200")
        }
    }
}
