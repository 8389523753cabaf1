import ArgumentParser
import Foundation
import JSONSchema
import NordgateServer

/// `nordgate token --name NAME --role ROLE`: a new local API bearer token and its config entry.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make a local API bearer token: prints the token once, and the hashed entry for the configuration.",
        discussion: """
            Give the token to the case system (keep it secret); put the entry in localListener.tokens or the
            tokens file. The configuration holds only the BLAKE2b-256 hash.
            """)

    @Option(help: "Who uses the token (a-z A-Z 0-9 . _ -).") var name: String
    @Option(help: "caseworker, operator or auditor.") var role: String
    @Option(help: "Write the token to this file (mode 0600) instead of printing it.") var tokenFile: String?

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        guard let role = Role(rawValue: role) else {
            throw ValidationError("The role must be caseworker, operator or auditor.")
        }
        let (token, entry) = TokenEntry.generate(name: name, role: role)
        if let tokenFile {
            guard FileManager.default.createFile(
                atPath: tokenFile, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw UsageFailure("cannot write \(tokenFile).") }
        } else {
            print("token: \(token)")
        }
        print(entry.json.serialized())
    }
}
