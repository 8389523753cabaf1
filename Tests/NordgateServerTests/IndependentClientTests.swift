import Dispatch
import Foundation
import NordgateTestSupport
import Testing

/// The system's curl and `openssl s_client` (both on OpenSSL) as independent clients of the peer listener.
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

    /// `--max-time` only stops a hung request: the server answers in milliseconds, but under ThreadSanitizer, with
    /// the rest of the suite sharing the cooperative pool, its first answer has taken more than 10 seconds.
    private static func runCurl(_ arguments: [String]) throws -> (exit: Int32, http: String) {
        try run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "60"] + arguments)
    }

    /// Sends one `GET path` over `openssl s_client` and returns its exit status and what the server answered.
    private static func sClient(port: Int, path: String, _ arguments: [String]) async throws -> (exit: Int32, answer: String) {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try run(
                        "/usr/bin/openssl", ["s_client", "-quiet", "-connect", "127.0.0.1:\(port)"] + arguments, input: request)
                })
            }
        }
    }

    private static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
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

    @Test func opensslSClientNeedsAClientCertificateAndAModernProtocol() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let foreign = try network.pki.files(for: "NO-CA", otherCA: true)
        let trusted = ["-CAfile", no.caBundle, "-verify_return_error"]
        let identity = ["-cert", no.certificate, "-key", no.privateKey]
        try await TestNetwork.running([try network.server("DK-CA")]) {
            let good = try await Self.sClient(port: dk.peerPort, path: "/health", trusted + identity)
            #expect(good.answer.hasPrefix("HTTP/1.1 200"))
            let tls12 = try await Self.sClient(port: dk.peerPort, path: "/health", trusted + identity + ["-tls1_2"])
            #expect(tls12.answer.hasPrefix("HTTP/1.1 200"))
            for refused in [
                trusted,  // no client certificate
                trusted + ["-cert", foreign.certificate, "-key", foreign.privateKey],  // another CA
                trusted + identity + ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],  // too old a protocol
            ] {
                let answer = try await Self.sClient(port: dk.peerPort, path: "/health", refused)
                #expect(!answer.answer.contains("HTTP/1.1"))
            }
        }
    }
}
