import ArgumentParser
import Foundation

@main
struct Nordgate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nordgate",
        abstract: "A privacy-preserving data-exchange gateway between Nordic authorities.",
        subcommands: [
            ServeCommand.self, SendCommand.self, InboxCommand.self, StatusCommand.self, KeysCommand.self,
            PeersCommand.self, SchemaCommand.self, PseudonymiseCommand.self, ReidentifyCommand.self,
            EnvelopeCommand.self, AuditCommand.self, OutboxCommand.self, TokenCommand.self, DevPKICommand.self, DemoCommand.self,
        ]
    )

    /// Runs a command; usage errors exit with status 2 (not ArgumentParser's 64), so that
    /// scripts can tell "wrong arguments" (2) from "the work failed" (1).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
