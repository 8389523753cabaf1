import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// End-to-end runs of `nordgate keys` and `nordgate peers`, as an operator would type them.
@Suite struct KeysCommandTests {
    let folder: TemporaryFolder
    let cli: CommandRunner

    init() throws {
        folder = try TemporaryFolder()
        cli = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": TestKeyrings.passphraseText])
    }

    func keys(_ authority: String) -> String { folder.appending(authority) }

    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRunner.Result {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    func initKeyring(_ authority: String) throws -> CommandRunner.Result {
        try ok(["keys", "init", "--keys", keys(authority), "--authority", authority, "--kdf-cost", "interactive"])
    }

    @Test func theOperatorWalkThroughWorksAndNeverPrintsOrWritesASecret() throws {
        var transcript = ""
        func record(_ result: CommandRunner.Result) { transcript += result.stdout + result.stderr }
        record(try initKeyring("NO-CA"))
        record(try initKeyring("DK-CA"))
        for kind in ["signing", "encryption", "pseudonym", "vault"] {
            record(try ok(["keys", "rotate", "--keys", keys("DK-CA"), "--kind", kind, "--grace", "7d"]))
        }
        record(try ok(["keys", "rotate", "--keys", keys("DK-CA"), "--kind", "pseudonym", "--domain", "nordic-police"]))
        let staged = try ok(["keys", "rotate", "--keys", keys("DK-CA"), "--kind", "encryption", "--stage"])
        record(staged)
        let stagedID = try #require(staged.stdout.split(separator: " ").first { $0.hasPrefix("DK-CA.enc.") })
        record(try ok(["keys", "promote", "--keys", keys("DK-CA"), String(stagedID)]))
        let descriptor = folder.appending("dk.json")
        record(try ok(["keys", "export-public", "--keys", keys("DK-CA"), "--output", descriptor]))

        let untrusted = try cli.run(["keys", "import-peer", "--keys", keys("NO-CA"), descriptor])
        record(untrusted)
        #expect(untrusted.status != 0)
        #expect(untrusted.stderr.contains("--trust-new"))
        record(try ok(["keys", "import-peer", "--keys", keys("NO-CA"), descriptor, "--trust-new"]))
        record(try ok(["keys", "rotate", "--keys", keys("DK-CA"), "--kind", "signing"]))
        let secondDescriptor = folder.appending("dk2.json")
        record(try ok(["keys", "export-public", "--keys", keys("DK-CA"), "--output", secondDescriptor]))
        let update = try ok(["keys", "import-peer", "--keys", keys("NO-CA"), secondDescriptor])
        record(update)
        #expect(update.stdout.contains("Updated peer DK-CA"))
        let list = try ok(["keys", "list", "--keys", keys("DK-CA"), "--format", "json"])
        record(list)
        record(try ok(["keys", "list", "--keys", keys("DK-CA")]))
        let peers = try ok(["peers", "list", "--keys", keys("NO-CA"), "--format", "json"])
        record(peers)
        #expect(peers.stdout.contains("\"authority\":\"DK-CA\""))
        record(try ok(["keys", "revoke", "--keys", keys("DK-CA"), String(stagedID), "--reason", "test revocation"]))
        record(try ok(["peers", "remove", "--keys", keys("NO-CA"), "DK-CA"]))

        let listing = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        #expect((listing?["keys"] as? [Any])?.count == 11)

        // Every byte written under the test folder, plus everything printed.
        var written = transcript
        for case let name as String in FileManager.default.enumerator(atPath: folder.path)! {
            if let data = FileManager.default.contents(atPath: folder.appending(name)) {
                written += String(decoding: data, as: UTF8.self)
            }
        }
        var secrets = 0
        for authority in ["NO-CA", "DK-CA"] {
            let keyring = try Keyring.open(keys(authority), passphrase: TestKeyrings.passphrase)
            for key in keyring.keys {
                var forms = [try keyring.secret(of: key).withUnsafeBytes { Array($0) }]
                if key.kind == .signing { forms.append(try keyring.signingKeyPair(for: key).secretKey.withUnsafeBytes { Array($0) }) }
                for bytes in forms {
                    secrets += 1
                    for encoded in [Hex.encode(bytes), Base64.encode(bytes), Base64.encodeURLSafeNoPadding(bytes)] {
                        #expect(!written.contains(encoded), "a secret of \(key.id) was printed or written in clear")
                        #expect(!written.contains(String(encoded.prefix(24))))
                    }
                }
            }
        }
        #expect(secrets > 10)
    }

    @Test func badInputGetsAClearErrorAndChangesNothing() throws {
        _ = try initKeyring("NO-CA")
        let path = (keys("NO-CA") as NSString).appendingPathComponent("keyring.json")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let wrong = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": "wrong"])
            .run(["keys", "rotate", "--keys", keys("NO-CA"), "--kind", "signing"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("wrong passphrase"))

        let missing = try cli.run(["keys", "list", "--keys", folder.appending("nowhere")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no keyring"))

        let badKind = try cli.run(["keys", "rotate", "--keys", keys("NO-CA"), "--kind", "rsa"])
        #expect(badKind.status != 0)
        #expect(badKind.stderr.contains("not a key kind"))

        let badGrace = try cli.run(["keys", "rotate", "--keys", keys("NO-CA"), "--kind", "vault", "--grace", "soon"])
        #expect(badGrace.status != 0)
        #expect(badGrace.stderr.contains("not a duration"))

        let unknown = try cli.run(["keys", "promote", "--keys", keys("NO-CA"), "NO-CA.enc.20260101-000000"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no key with id"))

        let garbage = folder.appending("garbage.json")
        try Data("{\"format\": \"nordgate-descriptor\", \"format\": 2}".utf8).write(to: URL(fileURLWithPath: garbage))
        let refused = try cli.run(["keys", "import-peer", "--keys", keys("NO-CA"), garbage, "--trust-new"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not valid"))

        let huge = folder.appending("huge.json")
        try Data(repeating: UInt8(ascii: " "), count: 2 << 20).write(to: URL(fileURLWithPath: huge))
        let tooLarge = try cli.run(["keys", "import-peer", "--keys", keys("NO-CA"), huge, "--trust-new"])
        #expect(tooLarge.status != 0)
        #expect(tooLarge.stderr.contains("larger than"))

        let looseFile = folder.appending("passphrase.txt")
        try Data((TestKeyrings.passphraseText + "\n").utf8).write(to: URL(fileURLWithPath: looseFile))
        chmod(looseFile, 0o644)
        let loose = try CommandRunner().run(["keys", "list", "--keys", keys("NO-CA"), "--passphrase-file", looseFile])
        #expect(loose.status != 0)
        #expect(loose.stderr.contains("chmod 600"))
        chmod(looseFile, 0o600)
        let fromFile = try CommandRunner().run(["keys", "list", "--keys", keys("NO-CA"), "--passphrase-file", looseFile])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")

        let noPassphrase = try CommandRunner().run(["keys", "list", "--keys", keys("NO-CA")])
        #expect(noPassphrase.status != 0)
        #expect(noPassphrase.stderr.contains("NORDGATE_PASSPHRASE"))

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
