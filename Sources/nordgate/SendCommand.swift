import ArgumentParser
import Foundation
import JSONSchema
import NordgateServer
import Sodium

/// `nordgate send --config FILE --to ID --type TYPE RECORD.json`: submits through the local API.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Submit a record to the outbox of a running gateway through its local API.",
        discussion: "Prints the message id(s). With --wait, waits for delivery and prints the receipt.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var tokens: TokenOptions
    @Option(help: "The receiving authority (repeat for several; each gets its own envelope).") var to: [String]
    @Option(help: "The message type id, e.g. central-authority.locate-child-request.v1.") var type: String
    @Option(help: "With a number of seconds: wait up to that long for delivery and print the receipt.") var wait: Int?
    @Option(help: "A file to attach (repeat for several); its media type is taken from its extension.") var attach: [String] = []
    @Argument(help: "The record, a JSON file.") var record: String

    func run() throws { try withUsageExit { try perform() } }


    private func perform() throws {
        let configuration = try options.load()
        let client = LocalAPIClient(configuration: configuration, token: try tokens.token())
        guard let data = FileManager.default.contents(atPath: record), let value = try? JSONParser.parse([UInt8](data)) else {
            throw UsageFailure("\(record) cannot be read as JSON.")
        }
        let toValue: JSONValue = to.count == 1 ? .string(to[0]) : .array(to.map { .string($0) })
        var body = JSONObject()
        body["to"] = toValue
        body["type"] = .string(type)
        body["record"] = value
        if !attach.isEmpty {
            body["attachments"] = .array(
                try attach.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else { throw UsageFailure("\(path) cannot be read.") }
                    return [
                        "mediaType": .string(EnvelopeCLI.mediaType(ofFile: path)), "content": .string(Base64.encode([UInt8](data))),
                    ]
                })
        }
        let bytes = JSONValue.object(body).serializedBytes()
        let answer = try runBlocking { try await client.send("POST", "/v1/outbox", body: bytes) }
        let json = (try? JSONParser.parse(answer.body)) ?? .null
        guard answer.status == 202 else {
            printError("refused (\(answer.status)): \(json["error"]?.stringValue ?? "?"): \(json["message"]?.stringValue ?? "")")
            throw ExitCode(1)
        }
        let ids = (json["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        for message in json["messages"]?.arrayValue ?? [] {
            print("\(message["id"]?.stringValue ?? "?") -> \(message["to"]?.stringValue ?? "?")")
        }
        guard let wait else { return }
        let deadline = Date().addingTimeInterval(TimeInterval(wait))
        for id in ids {
            while true {
                let status = try runBlocking { try await client.send("GET", "/v1/outbox/\(id)") }
                let state = (try? JSONParser.parse(status.body)) ?? .null
                let name = state["state"]?.stringValue ?? "?"
                if name == "delivered" || name == "dead" || name == "expired" || Date() > deadline {
                    print(state.serialized(pretty: true))
                    if name != "delivered" { throw ExitCode(1) }
                    break
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }
}
