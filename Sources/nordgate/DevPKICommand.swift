import ArgumentParser
import Foundation
import NordgateCore
import NordgateServer

/// `nordgate dev-pki --out DIR --authority ID...`: a throwaway CA and gateway certificates for demos and tests.
struct DevPKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-pki",
        abstract: "Write a throwaway CA and per-gateway TLS certificates. FOR DEMOS AND TESTS ONLY.",
        discussion: """
            Writes DIR/ca.pem, and DIR/<ID>.crt.pem and DIR/<ID>.key.pem (mode 0600) per authority, valid 90 days.
            The CA key is not kept. Production gateways use certificates from the authorities' own PKI.
            """)

    @Option(help: "The folder to write (created with mode 0700; must not hold these files yet).") var out: String
    @Option(name: .customLong("authority"), help: "An authority id (repeat).") var authorities: [String]

    func validate() throws {
        guard !authorities.isEmpty else { throw ValidationError("Name at least one --authority.") }
        for authority in authorities where !AuthorityID.isValid(authority) {
            throw ValidationError("\(authority) is not an authority id such as NO-CA.")
        }
    }

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        try FileManager.default.createDirectory(
            atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let pki = try DevelopmentPKI()
        try write(pki.caPEM, to: "ca.pem", mode: 0o644)
        for authority in authorities {
            let identity = try pki.issue(authority: authority)
            try write(identity.certificatePEM, to: "\(authority).crt.pem", mode: 0o644)
            try write(identity.privateKeyPEM, to: "\(authority).key.pem", mode: 0o600)
        }
        print("wrote a DEMO-ONLY CA and \(authorities.count) gateway certificates to \(out)")
    }

    private func write(_ text: String, to name: String, mode: Int) throws {
        let path = (out as NSString).appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw UsageFailure("\(path) exists; choose an empty folder.")
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        else { throw UsageFailure("cannot write \(path).") }
    }
}
