import ArgumentParser
import Foundation
import Logging
import NordgateCore
import NordgateServer

/// `nordgate serve --config FILE`: runs the gateway until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: the mTLS peer listener, the local API, delivery and directory refresh.",
        discussion: """
            Stops gracefully on SIGTERM or SIGINT: listeners stop accepting, requests in flight finish,
            and nothing accepted is lost. Exit status 2 for a configuration error (the message names the key).
            """)

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Check the configuration, keyring and TLS files, then exit without serving.")
    var check = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        let configuration = try options.load()
        let passphrase = try options.passphrase(for: configuration)
        var logger = Logger(label: "nordgate.\(configuration.authority)")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server: GatewayServer
        do { server = try GatewayServer(configuration: configuration, passphrase: passphrase, logger: logger) } catch {
            throw UsageFailure("\(error)")
        }
        try? runBlocking {
            try await server.gateway.record(
                "config.load", actor: "operator", subject: configuration.authority,
                details: ["peers": "\(configuration.peers.count)", "routes": "\(configuration.routes.count)"])
        }
        if check {
            print("configuration OK: \(configuration.authority), \(configuration.peers.count) peers")
            return
        }
        try runBlocking { try await server.run() }
    }
}
