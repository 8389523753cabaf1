import ArgumentParser
import Foundation
import JSONSchema
import NordgateServer

/// `nordgate inbox list|show|ack`: the receiving side of the local API.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Read the inbox of a running gateway through its local API.",
        subcommands: [List.self, Show.self, Ack.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List received messages after a cursor.")
        @OptionGroup var options: ConfigOptions
        @OptionGroup var tokens: TokenOptions
        @Option(help: "Only messages after this cursor.") var after: Int = 0

        func run() throws { try withUsageExit { try perform() } }


        private func perform() throws {
            let answer = try call(options, tokens, "GET", "/v1/inbox?after=\(after)")
            let json = (try? JSONParser.parse(answer)) ?? .null
            for message in json["messages"]?.arrayValue ?? [] {
                let acked = message["acknowledged"]?.boolValue == true ? "acked" : "new"
                print(
                    "\(message["cursor"]?.serialized() ?? "?")  \(message["id"]?.stringValue ?? "?")  "
                        + "\(message["from"]?.stringValue ?? "?")  \(message["type"]?.stringValue ?? "?")  \(acked)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open one message and print it with its payload.")
        @OptionGroup var options: ConfigOptions
        @OptionGroup var tokens: TokenOptions
        @Argument(help: "The message id.") var id: String

        func run() throws { try withUsageExit { try perform() } }


        private func perform() throws {
            let answer = try call(options, tokens, "GET", "/v1/inbox/\(id)")
            print(((try? JSONParser.parse(answer)) ?? .null).serialized(pretty: true))
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a message as taken by the case system.")
        @OptionGroup var options: ConfigOptions
        @OptionGroup var tokens: TokenOptions
        @Argument(help: "The message id.") var id: String

        func run() throws { try withUsageExit { try perform() } }


        private func perform() throws {
            _ = try call(options, tokens, "POST", "/v1/inbox/\(id)/ack")
            print("acknowledged \(id)")
        }
    }
}

/// One local API call; a non-2xx answer prints the error code and exits 1.
func call(_ options: ConfigOptions, _ tokens: TokenOptions, _ method: String, _ path: String) throws -> [UInt8] {
    let client = LocalAPIClient(configuration: try options.load(), token: try tokens.token())
    let answer = try runBlocking { try await client.send(method, path) }
    guard (200..<300).contains(answer.status) else {
        let json = (try? JSONParser.parse(answer.body)) ?? .null
        printError("refused (\(answer.status)): \(json["error"]?.stringValue ?? "?"): \(json["message"]?.stringValue ?? "")")
        throw ExitCode(1)
    }
    return answer.body
}
