import ArgumentParser
import Foundation
import JSONSchema
import NordgateServer

/// `nordgate peers refresh --config FILE`: makes a running gateway fetch its peers' descriptors now.
struct PeersRefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Ask a running gateway to fetch and import its peers' signed descriptors now (operator token).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var tokens: TokenOptions

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        let answer = try call(options, tokens, "POST", "/v1/directory/refresh")
        let json = (try? JSONParser.parse(answer)) ?? .null
        for peer in json["peers"]?.arrayValue ?? [] {
            print("\(peer["authority"]?.stringValue ?? "?"): \(peer["outcome"]?.stringValue ?? "?")")
        }
    }
}
