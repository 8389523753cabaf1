import ArgumentParser
import Foundation
import JSONSchema
import NordgateCore
import Sodium

/// `nordgate envelope …`: seal, open and inspect envelopes (`docs/envelope.md`).
///
/// Other tools depend on the exit codes exactly: 0 on success; 1 on any failure, with one line
/// `{"error":"<code>","message":"…"}` on standard error; 2 on usage errors (also as such a line, with
/// the code `usage`). ArgumentParser would exit 64 on a usage error, so each subcommand captures its
/// arguments and parses them itself.
struct EnvelopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envelope",
        abstract: "Seal, open and inspect signed, encrypted envelopes.",
        subcommands: [Seal.self, Open.self, Inspect.self]
    )

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal a JSON payload to trusted peers and print the envelope.",
            usage: "nordgate envelope seal --keys DIR --to ID[,ID...] --type TYPE [--expires 7d] [--attach FILE ...] PAYLOAD.json",
            discussion: "Run `nordgate envelope seal --help` for every option.")

        @Argument(parsing: .captureForPassthrough, help: .hidden) var arguments: [String] = []

        func run() throws { try EnvelopeCLI.run(SealOptions.self, arguments) }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify and open an envelope addressed to this authority and print its payload.",
            usage: "nordgate envelope open --keys DIR ENVELOPE.json [--attachments-dir DIR]",
            discussion: "Run `nordgate envelope open --help` for every option.")

        @Argument(parsing: .captureForPassthrough, help: .hidden) var arguments: [String] = []

        func run() throws { try EnvelopeCLI.run(OpenOptions.self, arguments) }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an envelope's header (never its payload) and which local keys could open it.",
            usage: "nordgate envelope inspect ENVELOPE.json [--keys DIR]",
            discussion: "Run `nordgate envelope inspect --help` for every option.")

        @Argument(parsing: .captureForPassthrough, help: .hidden) var arguments: [String] = []

        func run() throws { try EnvelopeCLI.run(InspectOptions.self, arguments) }
    }
}

/// A parsed envelope subcommand that does its work.
protocol EnvelopeAction: ParsableCommand {
    func execute() throws
}

/// A failure that is not an ``EnvelopeError`` but still needs a stable code.
struct EnvelopeCLIFailure: Error {
    var code: String
    var message: String
}

/// Parsing, running and error reporting shared by the envelope subcommands.
enum EnvelopeCLI {
    /// Parses `arguments` as `Action`, runs it and maps every failure to its exit code and error line.
    static func run<Action: EnvelopeAction>(_ action: Action.Type, _ arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Action.helpMessage())
            return
        }
        let parsed: Action
        do { parsed = try Action.parse(arguments) } catch {
            fail("usage", Action.message(for: error) + "; see `\(Action.configuration.commandName ?? "nordgate envelope") --help`")
            throw ExitCode(2)
        }
        do {
            try parsed.execute()
        } catch let error as EnvelopeError {
            fail(error.code, error.description)
            throw ExitCode(1)
        } catch let error as EnvelopeCLIFailure {
            fail(error.code, error.message)
            throw ExitCode(1)
        } catch let error as KeyringError {
            fail("keyring-error", error.description)
            throw ExitCode(1)
        } catch let error as ArgumentParser.ValidationError {
            fail("usage", error.message)
            throw ExitCode(2)
        } catch {
            fail("failed", "the command failed: \(type(of: error))")
            throw ExitCode(1)
        }
    }

    /// Writes `{"error":code,"message":message}` and a newline to standard error.
    static func fail(_ code: String, _ message: String) {
        var object = JSONObject()
        object["error"] = .string(code)
        object["message"] = .string(message)
        FileHandle.standardError.write(Data((JSONValue.object(object).serialized() + "\n").utf8))
    }

    /// Reads an envelope file; one trailing newline (as `seal` prints it) is not part of the envelope.
    static func readEnvelope(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EnvelopeCLIFailure(code: "io-error", message: "cannot read the envelope file; check its path")
        }
        defer { try? handle.close() }
        let limit = EnvelopeFormat.maximumEnvelopeBytes + 1
        var bytes = [UInt8]((try? handle.read(upToCount: limit + 1)) ?? Data())
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        guard bytes.count <= EnvelopeFormat.maximumEnvelopeBytes else {
            throw EnvelopeError.malformed("it is larger than \(EnvelopeFormat.maximumEnvelopeBytes) bytes")
        }
        return bytes
    }

    /// The media type `seal` records for a file, from its extension.
    static func mediaType(ofFile path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "tif", "tiff": "image/tiff"
        case "pdf": "application/pdf"
        case "json": "application/json"
        case "txt": "text/plain"
        case "xml": "application/xml"
        case "mp4": "video/mp4"
        default: "application/octet-stream"
        }
    }

    /// A duration such as `7d` or `90m`.
    static func duration(_ text: String, option: String, within range: ClosedRange<TimeInterval>) throws -> TimeInterval {
        guard let seconds = DurationText.parse(text), range.contains(seconds) else {
            throw ValidationError(
                "\(option) '\(text)' is not a duration in range; write a number and a unit (d, h, m, s), "
                    + "from \(Int(range.lowerBound))s to \(Int(range.upperBound / 86_400))d.")
        }
        return seconds
    }
}

/// `nordgate envelope seal`.
struct SealOptions: EnvelopeAction {
    static let configuration = CommandConfiguration(
        commandName: "nordgate envelope seal",
        abstract: "Seal a JSON payload to trusted peers and print the envelope on standard output.",
        discussion: """
            The payload must be strict JSON (no duplicate keys, valid UTF-8); its exact bytes are sealed.
            Recipients are peers imported with `nordgate keys import-peer`; each gets the content key sealed
            to its active encryption key. Each --attach FILE is encrypted to <attachment-id>.bin in
            --attachments-out (default: the current folder); send those files with the envelope.
            Exit status: 0 success, 1 failure ({"error","message"} on standard error), 2 usage error.
            """)

    @OptionGroup var keyring: KeyringOptions
    @Option(help: "Addressed authorities, comma-separated, e.g. DK-CA,SE-CA.") var to: String
    @Option(help: "The message type id, e.g. police.hit-query.v1.") var type: String
    @Option(help: "Lifetime until expiry: 1s to 90d.") var expires: String = "7d"
    @Option(help: "The id of the message this one answers (lowercase UUID).") var correlationId: String?
    @Option(help: "Handling code: H0, H1, H2 or H3.") var handling: String?
    @Option(help: "A file to attach (repeat for several).") var attach: [String] = []
    @Option(help: "Where to write the encrypted attachments (default: current folder).") var attachmentsOut: String?
    @Argument(help: "The payload file (strict JSON).") var payload: String

    func validate() throws {
        let authorities = to.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !authorities.isEmpty, authorities.allSatisfy(AuthorityID.isValid), Set(authorities).count == authorities.count
        else { throw ValidationError("--to must list distinct authority ids separated by commas, e.g. DK-CA,SE-CA.") }
        _ = try EnvelopeCLI.duration(expires, option: "--expires", within: 1...TimeInterval(EnvelopeFormat.maximumLifetime))
    }

    func execute() throws {
        let lifetime = try EnvelopeCLI.duration(
            expires, option: "--expires", within: 1...TimeInterval(EnvelopeFormat.maximumLifetime))
        let authorities = to.split(separator: ",").map(String.init)
        guard let handle = FileHandle(forReadingAtPath: payload) else {
            throw EnvelopeCLIFailure(code: "io-error", message: "cannot read the payload file; check its path")
        }
        let bytes = [UInt8]((try? handle.read(upToCount: EnvelopeFormat.maximumPayloadBytes + 1)) ?? Data())
        try? handle.close()
        guard bytes.count <= EnvelopeFormat.maximumPayloadBytes else {
            throw EnvelopeCLIFailure(
                code: "invalid-payload", message: "the payload is larger than \(EnvelopeFormat.maximumPayloadBytes) bytes")
        }
        do { _ = try JSONParser.parse(bytes) } catch {
            throw EnvelopeCLIFailure(code: "invalid-payload", message: "the payload is not strict JSON: \(error.description)")
        }
        let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
        let recipients = try EnvelopeRecipient.resolve(authorities, in: try PeerDirectory.load(for: ring))
        let sources = attach.map { EnvelopeAttachmentSource(path: $0, mediaType: EnvelopeCLI.mediaType(ofFile: $0)) }
        let sealed = try EnvelopeSealer(keyring: ring).seal(
            payload: bytes, type: type, to: recipients, correlationId: correlationId, handling: handling,
            expiresAfter: lifetime, attachments: sources,
            attachmentsFolder: attach.isEmpty ? nil : (attachmentsOut ?? FileManager.default.currentDirectoryPath))
        FileHandle.standardOutput.write(Data(sealed.bytes + [UInt8(ascii: "\n")]))
    }
}

/// `nordgate envelope open`.
struct OpenOptions: EnvelopeAction {
    static let configuration = CommandConfiguration(
        commandName: "nordgate envelope open",
        abstract: "Verify and open an envelope addressed to this authority; print its payload.",
        discussion: """
            With --attachments-dir DIR, each attachment is read from DIR/<attachment-id>.bin, checked, and
            written to DIR/<attachment-id>; the payload is printed only if every attachment is intact.
            Without it, attachments are left alone.
            Exit status: 0 success, 1 failure ({"error","message"} on standard error), 2 usage error.
            """)

    @OptionGroup var keyring: KeyringOptions
    @Argument(help: "The envelope file.") var envelope: String
    @Option(help: "The folder holding the encrypted attachments (<id>.bin); opened ones are written there too.")
    var attachmentsDir: String?
    @Option(help: "How far in the future `created` may be, e.g. 5m.") var clockSkew: String = "5m"

    func validate() throws {
        _ = try EnvelopeCLI.duration(clockSkew, option: "--clock-skew", within: 0...86_400)
    }

    func execute() throws {
        let skew = try EnvelopeCLI.duration(clockSkew, option: "--clock-skew", within: 0...86_400)
        let bytes = try EnvelopeCLI.readEnvelope(envelope)
        let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
        let opener = EnvelopeOpener(keyring: ring, peers: try PeerDirectory.load(for: ring), clockSkew: skew)
        let opened = try opener.open(bytes)
        if let attachmentsDir {
            for (index, attachment) in opened.header.attachments.enumerated() {
                let folder = attachmentsDir as NSString
                try opened.openAttachment(
                    at: index, from: folder.appendingPathComponent("\(attachment.id).bin"),
                    to: folder.appendingPathComponent(attachment.id))
            }
        }
        FileHandle.standardOutput.write(Data(opened.payload))
    }
}

/// `nordgate envelope inspect`.
struct InspectOptions: EnvelopeAction {
    static let configuration = CommandConfiguration(
        commandName: "nordgate envelope inspect",
        abstract: "Print an envelope's header as JSON (never its payload) and which local keys could open it.",
        discussion: """
            Without --keys (or $NORDGATE_KEYS) only the structure is checked. With a keyring, the signature is
            verified against the trusted peers and the local keys that could open the envelope are listed.
            Exit status: 0 for a well-formed envelope, 1 otherwise, 2 usage error.
            """)

    @Argument(help: "The envelope file.") var envelope: String
    @OptionGroup var keyring: KeyringOptions

    func execute() throws {
        let bytes = try EnvelopeCLI.readEnvelope(envelope)
        let envelope = try Envelope.parse(bytes)
        var report = JSONObject()
        report["header"] = EnvelopeInspector.headerJSON(envelope.header)
        report["bytes"] = .number(JSONNumber(bytes.count))
        report["digest"] = .string(Hex.encode(envelope.digest))
        if keyring.keys != nil || ProcessInfo.processInfo.environment["NORDGATE_KEYS"] != nil {
            let ring = try Keyring.open(keyring.folder, passphrase: try keyring.passphrase())
            let inspection = EnvelopeInspector.inspect(
                envelope, keyring: ring, peers: try PeerDirectory.load(for: ring), now: Date())
            report["authority"] = .string(ring.authority)
            report["verification"] = .string(inspection.verification)
            report["addressedToUs"] = .bool(inspection.addressedToUs)
            report["openableWith"] = .array(inspection.openableWith.map(JSONValue.string))
        } else {
            report["verification"] = "not-checked"
            report["openableWith"] = .null
        }
        print(JSONValue.object(report).serialized(pretty: true))
    }
}
