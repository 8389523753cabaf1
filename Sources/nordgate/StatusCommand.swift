import ArgumentParser
import Foundation
import JSONSchema
import NordgateServer

/// `nordgate status --config FILE`: queues, dead letters and what expires soon.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise a gateway from its store, keyring and TLS files (running or not).")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        let configuration = try options.load()
        let passphrase = try options.passphrase(for: configuration)
        let report = try runBlocking { try await GatewayStatus.report(configuration: configuration, passphrase: passphrase) }
        if json {
            print(report.serialized(pretty: true))
            return
        }
        print("gateway \(configuration.authority)")
        print("queues (next hop: state count):")
        let queues = report["queues"]?.objectValue ?? JSONObject()
        if queues.isEmpty { print("  (empty)") }
        for (peer, states) in queues {
            let parts = (states.objectValue.map { Array($0) } ?? []).map { "\($0.key) \($0.value.serialized())" }
            print("  \(peer): \(parts.joined(separator: ", "))")
        }
        print("dead letters: \(report["deadLetters"]?.serialized() ?? "0")")
        print("inbox: \(report["inbox"]?.serialized() ?? "0") messages")
        print("audit log: \(report["auditEntries"]?.serialized() ?? "0") entries")
        print("expiry (window \(Int(configuration.expiryWarning / 86_400))d):")
        for item in report["expiry"]?.arrayValue ?? [] {
            let warn = item["warning"]?.boolValue == true ? "  WARNING: expires within the window" : ""
            print("  \(item["item"]?.stringValue ?? "?"): \(item["notAfter"]?.stringValue ?? "?")\(warn)")
        }
    }
}
