import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// End-to-end runs of `nordgate envelope`, checking output and exit codes exactly as other tools rely on them.
@Suite struct EnvelopeCommandTests {
    let folder: TemporaryFolder
    let cli: CommandRunner
    let payload = #"{"queryId":"Q-TEST-0002","subject":{"pseudonym":"ps1:test:1:c3ludGhldGlj"}}"#

    init() throws {
        folder = try TemporaryFolder(prefix: "nordgate-envelope-cli")
        cli = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": TestKeyrings.passphraseText])
        for authority in ["NO-POL", "DK-POL", "SE-POL"] { _ = try TestKeyrings.make(authority, in: folder) }
        for sender in ["NO-POL", "DK-POL", "SE-POL"] {
            let descriptor = try PublicDescriptor.make(
                from: try Keyring.open(folder.appending(sender), passphrase: TestKeyrings.passphrase))
            for receiver in ["NO-POL", "DK-POL", "SE-POL"] where receiver != sender {
                _ = try PeerDirectory.modify(folder.appending(receiver), passphrase: TestKeyrings.passphrase) {
                    directory, ring in
                    try directory.importDescriptor(descriptor, trustNew: true, ownAuthority: ring.authority)
                }
            }
        }
        try Data(payload.utf8).write(to: URL(fileURLWithPath: folder.appending("payload.json")))
    }

    func keys(_ authority: String) -> String { folder.appending(authority) }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = folder.appending(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The `error` and `message` of the one JSON line on standard error.
    func failure(_ result: CommandRunner.Result) throws -> (code: String, message: String) {
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        let value = try #require(object)
        #expect(Set(value.keys) == ["error", "message"])
        return (try #require(value["error"]), try #require(value["message"]))
    }

    func seal(to recipients: String = "DK-POL,SE-POL", extra: [String] = []) throws -> CommandRunner.Result {
        try cli.run(
            ["envelope", "seal", "--keys", keys("NO-POL"), "--to", recipients, "--type", "police.hit-query.v1"]
                + extra + [folder.appending("payload.json")])
    }

    @Test func sealThenEveryRecipientOpensAndInspectShowsOnlyTheHeader() throws {
        let sealed = try seal()
        #expect(sealed.status == 0, "\(sealed.stderr)")
        #expect(sealed.stderr.isEmpty)
        #expect(sealed.stdout.hasSuffix("}\n"))
        #expect(!sealed.stdout.contains("Q-TEST-0002"))
        let envelope = try write(Array(sealed.stdout.utf8), "envelope.json")
        for authority in ["DK-POL", "SE-POL"] {
            let opened = try cli.run(["envelope", "open", "--keys", keys(authority), envelope])
            #expect(opened.status == 0, "\(opened.stderr)")
            #expect(opened.stdout == payload)
        }
        let inspected = try cli.run(["envelope", "inspect", envelope, "--keys", keys("DK-POL")])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(!inspected.stdout.contains("Q-TEST-0002"))
        #expect(!inspected.stdout.contains("sealedKey"))
        #expect(!inspected.stdout.contains("ciphertext"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [String: Any])
        #expect(report["verification"] as? String == "verified")
        let dkKey = try Keyring.open(keys("DK-POL"), passphrase: TestKeyrings.passphrase).activeKey(kind: .encryption)
        #expect(report["openableWith"] as? [String] == [dkKey.id])
        let header = try #require(report["header"] as? [String: Any])
        #expect(header["from"] as? String == "NO-POL")
        #expect(header["to"] as? [String] == ["DK-POL", "SE-POL"])
        let bare = try cli.run(["envelope", "inspect", envelope])
        #expect(bare.status == 0)
        #expect(bare.stdout.contains(#""verification": "not-checked""#))
    }

    @Test func attachmentsAreWrittenBesideAndOpenedIntoTheAttachmentsFolder() throws {
        let photo = SecureRandom.bytes(150_000)
        let source = try write(photo, "photo.jpg")
        let out = folder.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let sealed = try seal(to: "DK-POL", extra: ["--attach", source, "--attachments-out", out])
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let envelope = try write(Array(sealed.stdout.utf8), "envelope.json")
        let metadata = try Envelope.parse(Array(sealed.stdout.utf8.dropLast())).header.attachments
        #expect(metadata.count == 1)
        #expect(metadata[0].mediaType == "image/jpeg")
        #expect(FileManager.default.fileExists(atPath: "\(out)/\(metadata[0].id).bin"))

        let opened = try cli.run(["envelope", "open", "--keys", keys("DK-POL"), envelope, "--attachments-dir", out])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout == payload)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(metadata[0].id)"))) == photo)

        try FileManager.default.removeItem(atPath: "\(out)/\(metadata[0].id)")
        let bin = "\(out)/\(metadata[0].id).bin"
        var encrypted = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bin)))
        encrypted.removeLast(17)
        try Data(encrypted).write(to: URL(fileURLWithPath: bin))
        let truncated = try cli.run(["envelope", "open", "--keys", keys("DK-POL"), envelope, "--attachments-dir", out])
        #expect(truncated.status == 1)
        #expect(truncated.stdout.isEmpty)
        #expect(try failure(truncated).code == "attachment-invalid")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/\(metadata[0].id)"))
    }

    @Test func everyFailureExitsOneWithItsCodeOnStandardError() throws {
        let sealed = try seal(to: "DK-POL")
        let text = sealed.stdout
        let envelope = try write(Array(text.utf8), "envelope.json")
        var cases: [(path: String, keys: String, code: String)] = [(envelope, "SE-POL", "not-addressed-to-us")]
        var flipped = Array(text.utf8)
        let signatureStart = try #require(text.range(of: #""signature":""#)).upperBound.utf16Offset(in: text)
        flipped[signatureStart + 2] = flipped[signatureStart + 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        cases.append((try write(flipped, "flipped.json"), "DK-POL", "signature-invalid"))
        cases.append((try write(Array(text.replacingOccurrences(of: #""version":1"#, with: #""version":2"#).utf8), "v2.json"), "DK-POL", "unknown-version"))
        cases.append((try write(Array(("  " + text).utf8), "spaced.json"), "DK-POL", "malformed"))
        cases.append((try write(Array(String(repeating: "[", count: 100_000).utf8), "deep.json"), "DK-POL", "malformed"))
        cases.append((try write([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], "utf8.json"), "DK-POL", "malformed"))
        cases.append((try write(Array(#"{"version":1,"version":1}"#.utf8), "duplicate.json"), "DK-POL", "malformed"))
        cases.append((try write([UInt8](repeating: 0x20, count: 16 << 20 + 10), "huge.json"), "DK-POL", "malformed"))
        for (path, authority, code) in cases {
            let result = try cli.run(["envelope", "open", "--keys", keys(authority), path])
            #expect(result.status == 1, "\(code)")
            #expect(result.stdout.isEmpty)
            let failure = try failure(result)
            #expect(failure.code == code)
            #expect(!failure.message.contains("Q-TEST-0002"))
            #expect(!failure.message.contains(folder.path))
        }
        let missing = try cli.run(["envelope", "open", "--keys", keys("DK-POL"), folder.appending("nothing.json")])
        #expect(missing.status == 1)
        #expect(try failure(missing).code == "io-error")
    }

    @Test func sealRefusesBadPayloadsAndUnknownRecipients() throws {
        let duplicate = try write(Array(#"{"a":1,"a":2}"#.utf8), "duplicate.json")
        let badPayload = try cli.run(
            ["envelope", "seal", "--keys", keys("NO-POL"), "--to", "DK-POL", "--type", "police.hit-query.v1", duplicate])
        #expect(badPayload.status == 1)
        #expect(try failure(badPayload).code == "invalid-payload")
        let unknown = try seal(to: "FI-POL")
        #expect(unknown.status == 1)
        #expect(try failure(unknown).code == "unknown-recipient")
        let wrongPassphrase = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": "not the passphrase"]).run(
            ["envelope", "seal", "--keys", keys("NO-POL"), "--to", "DK-POL", "--type", "a.v1", folder.appending("payload.json")])
        #expect(wrongPassphrase.status == 1)
        #expect(try failure(wrongPassphrase).code == "keyring-error")
    }

    @Test(arguments: [
        ["envelope", "seal", "--to", "DK-POL", "PAYLOAD"],
        ["envelope", "seal", "--to", "XX", "--type", "a.v1", "PAYLOAD"],
        ["envelope", "seal", "--to", "DK-POL,DK-POL", "--type", "a.v1", "PAYLOAD"],
        ["envelope", "seal", "--to", "DK-POL", "--type", "a.v1", "--expires", "91d", "PAYLOAD"],
        ["envelope", "seal", "--to", "DK-POL", "--type", "a.v1", "--expires", "soon", "PAYLOAD"],
        ["envelope", "open"],
        ["envelope", "open", "ENVELOPE", "--bogus"],
        ["envelope", "open", "ENVELOPE", "--clock-skew", "2d"],
        ["envelope", "inspect"],
        ["envelope", "inspect", "a.json", "b.json"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try cli.run(arguments.map { $0 == "PAYLOAD" ? folder.appending("payload.json") : $0 })
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(try failure(result).code == "usage")
    }

    @Test func helpExitsZero() throws {
        for command in ["seal", "open", "inspect"] {
            let result = try cli.run(["envelope", command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("nordgate envelope \(command)"))
        }
    }
}
