import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// End-to-end runs of `nordgate pseudonymise`, `reidentify` and `keys export-shared`/`import-shared`.
@Suite struct PseudonymiseCommandTests {
    let folder: TemporaryFolder
    let cli: CommandRunner
    let schemas: String

    static let report = "police/trafficking-intelligence-report.v1.json"
    static let example = "examples/police/trafficking-intelligence-report/valid-minor-victim-with-route.json"
    /// Values of the example that must never appear in output, errors or logs.
    static let personal = [
        "Testoffer", "Prøvesen", "19891050030", "+447700900456", "Testmistenkt", "Eksempelsen", "04828800065",
        "+46701740611", "annonse.test@example.org", "TST000001", "prove_annonse_01", "Prøvevej 10", "2010-09-19",
    ]

    init() throws {
        folder = try TemporaryFolder()
        cli = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": TestKeyrings.passphraseText])
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Schemas/common.v1.json").path) {
            directory.deleteLastPathComponent()
        }
        schemas = directory.appendingPathComponent("Schemas").path
    }

    func path(_ relative: String) -> String { (schemas as NSString).appendingPathComponent(relative) }

    func keyring(_ authority: String) throws -> String {
        try TestKeyrings.make(authority, in: folder).folder
    }

    func pseudonymise(
        keys: String, to receiver: String = "DK-POL", record: String? = nil, extra: [String] = []
    ) throws -> CommandRunner.Result {
        try cli.run(
            ["pseudonymise", "--keys", keys, "--data", folder.appending("data"), "--schema", path(Self.report),
             "--to", receiver] + extra + [record ?? path(Self.example)])
    }

    @Test func aValidRecordIsPrintedPseudonymisedWithExitZero() throws {
        let result = try pseudonymise(keys: try keyring("NO-POL"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let out = try JSONParser.parse(result.stdout)
        #expect(out["caseReference"] == "NO-POL-2026-88811")
        #expect(out["persons"]?.arrayValue?[0]["person"]?["dateOfBirth"] == "15-17")
        let given = try #require(out["persons"]?.arrayValue?[0]["person"]?["givenNames"]?.stringValue)
        #expect(Pseudonym.isPseudonym(given))
        for value in Self.personal { #expect(!result.stdout.contains(value), "\(value) leaked") }
    }

    @Test func theSameRecordGivesTheSameOutputAndAnotherReceiverOtherPseudonyms() throws {
        let keys = try keyring("NO-POL")
        let first = try pseudonymise(keys: keys)
        let again = try pseudonymise(keys: keys)
        let sweden = try pseudonymise(keys: keys, to: "SE-POL")
        #expect(first.status == 0 && again.status == 0 && sweden.status == 0)
        #expect(first.stdout == again.stdout)
        let name = { (text: String) in try JSONParser.parse(text)["persons"]?.arrayValue?[0]["person"]?["familyName"] }
        #expect(try name(first.stdout) != name(sweden.stdout))
    }

    @Test func aRecordThatFailsItsSchemaExitsOneWithLocationsButNoValues() throws {
        let keys = try keyring("NO-POL")
        for invalid in ["invalid-minor-victim-without-aggravating-fact.json", "invalid-unknown-role.json"] {
            let result = try pseudonymise(
                keys: keys, record: path("examples/police/trafficking-intelligence-report/" + invalid))
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("fails its schema"))
            for value in Self.personal + ["Offer", "Testesen", "suspect-ish"] {
                #expect(!result.stderr.contains(value), "\(value) in stderr")
            }
        }
    }

    @Test func hostileRecordsExitOneWithoutValues() throws {
        let keys = try keyring("NO-POL")
        let cases = [
            "notjson": "Kari Østby 13817015667",
            "empty": "",
            "deep": String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
            "big": "{\"narrative\": \"" + String(repeating: "Kari Østby ", count: 450_000) + "\"}",
        ]
        for (name, text) in cases {
            let file = folder.appending("\(name).json")
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            let result = try pseudonymise(keys: keys, record: file)
            #expect(result.status == 1, "\(name)")
            #expect(!result.stderr.contains("Kari") && !result.stderr.contains("13817015667"))
        }
    }

    @Test func aSchemaWithoutPrivacyAnnotationsIsRefused() throws {
        let schema = folder.appending("plain.json")
        let record = folder.appending("record.json")
        try Data(#"{"type": "object", "properties": {"name": {"type": "string"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: schema))
        try Data(#"{"name": "Kari Østby"}"#.utf8).write(to: URL(fileURLWithPath: record))
        let result = try cli.run(
            ["pseudonymise", "--keys", try keyring("NO-POL"), "--data", folder.appending("data"), "--schema", schema,
             "--to", "DK-POL", record])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no x-privacy annotation"))
        #expect(!result.stderr.contains("Kari"))
    }

    @Test func usageErrorsAndUnreadableFilesExitTwo() throws {
        let keys = try keyring("NO-POL")
        let missingTo = try cli.run(["pseudonymise", "--keys", keys, "--schema", path(Self.report), path(Self.example)])
        #expect(missingTo.status == 2)
        #expect(try pseudonymise(keys: keys, record: folder.appending("nowhere.json")).status == 2)
        #expect(try pseudonymise(keys: keys, to: "Denmark").status == 2)
        let noSchema = try cli.run(
            ["pseudonymise", "--keys", keys, "--schema", folder.appending("none.json"), "--to", "DK-POL", path(Self.example)])
        #expect(noSchema.status == 2)
        let noKeys = try pseudonymise(keys: folder.appending("no-keyring"))
        #expect(noKeys.status == 2)
        let unknownDomain = try pseudonymise(keys: keys, extra: ["--domain", "nordic-police"])
        #expect(unknownDomain.status == 2)
        #expect(unknownDomain.stderr.contains("import-shared"))
    }

    @Test func aLooseningPolicyIsRefusedAndATighteningOneApplied() throws {
        let keys = try keyring("NO-POL")
        let loose = folder.appending("loose.json")
        try Data(#"{"police.trafficking-intelligence-report.v1": {"familyName": "keep"}}"#.utf8)
            .write(to: URL(fileURLWithPath: loose))
        let refused = try pseudonymise(keys: keys, extra: ["--policy", loose])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("loosen"))
        let tight = folder.appending("tight.json")
        try Data(#"{"police.trafficking-intelligence-report.v1": {"narrative": "redact", "/contact/phone": "drop"}}"#.utf8)
            .write(to: URL(fileURLWithPath: tight))
        let applied = try pseudonymise(keys: keys, extra: ["--policy", tight])
        #expect(applied.status == 0, "\(applied.stderr)")
        let out = try JSONParser.parse(applied.stdout)
        #expect(out["narrative"] == "[redacted]")
        #expect(out["contact"]?.objectValue?.contains("phone") == false)
    }

    @Test func reidentificationPrintsTheOriginalAfterAuditingIt() throws {
        let keys = try keyring("NO-POL")
        let data = folder.appending("data")
        let out = try JSONParser.parse(try pseudonymise(keys: keys).stdout)
        let pseudonym = try #require(out["persons"]?.arrayValue?[0]["person"]?["familyName"]?.stringValue)
        let result = try cli.run(
            ["reidentify", "--keys", keys, "--data", data, pseudonym, "--reason", "assistance request 2026/17",
             "--operator", "kari"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Prøvesen\n")
        var entries: [AuditEntry] = []
        try SQLiteGatewayStore(folder: data, options: .init(createIfMissing: false)).forEachAuditRow { row in
            if let entry = row.entry { entries.append(entry) }
        }
        let audit = try #require(entries.last)
        #expect(audit.kind == "reidentify")
        #expect(audit.subject == pseudonym)
        #expect(audit.actor == "operator:kari")
        #expect(audit.details["reason"] == "assistance request 2026/17")
        #expect(entries.contains { $0.kind == "pseudonymise" })
        for entry in entries {
            for value in Self.personal {
                #expect(!"\(entry.subject) \(entry.details)".contains(value))
            }
        }
    }

    @Test func reidentificationWithAWrongPassphraseIsRefusedAndAudited() throws {
        let keys = try keyring("NO-POL")
        let data = folder.appending("data")
        let out = try JSONParser.parse(try pseudonymise(keys: keys).stdout)
        let pseudonym = try #require(out["persons"]?.arrayValue?[0]["person"]?["familyName"]?.stringValue)
        let wrong = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": "not the passphrase"])
            .run(["reidentify", "--keys", keys, "--data", data, pseudonym, "--reason", "curious"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.isEmpty)
        #expect(!wrong.stderr.contains("Prøvesen"))
        var kinds: [String] = []
        try SQLiteGatewayStore(folder: data, options: .init(createIfMissing: false)).forEachAuditRow { row in
            if let entry = row.entry { kinds.append(entry.kind) }
        }
        #expect(kinds.last == "reidentify.refused")
        #expect(!kinds.contains("reidentify"))
        let notPseudonym = try cli.run(["reidentify", "--keys", keys, "--data", data, "Prøvesen", "--reason", "x"])
        #expect(notPseudonym.status == 2)
    }

    @Test func aSharedDomainExportedByTheCoordinatorGivesEqualPseudonymsInBothGateways() throws {
        let norway = try keyring("NO-POL")
        let denmark = try keyring("DK-POL")
        _ = try Keyring.modify(norway, passphrase: TestKeyrings.passphrase) { ring in
            try ring.rotate(kind: .pseudonym, domain: "nordic-police")
        }
        for (from, to) in [(norway, denmark), (denmark, norway)] {
            let descriptor = try PublicDescriptor.make(from: try Keyring.open(from, passphrase: TestKeyrings.passphrase))
            _ = try PeerDirectory.modify(to, passphrase: TestKeyrings.passphrase) { directory, ring in
                try directory.importDescriptor(descriptor, trustNew: true, ownAuthority: ring.authority)
            }
        }
        let file = folder.appending("nordic-police.json")
        let exported = try cli.run(
            ["keys", "export-shared", "--keys", norway, "--domain", "nordic-police", "--to", "DK-POL", "--output", file])
        #expect(exported.status == 0, "\(exported.stderr)")
        let imported = try cli.run(["keys", "import-shared", "--keys", denmark, "--domain", "nordic-police", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("epoch 1"))
        let again = try cli.run(["keys", "import-shared", "--keys", denmark, "--domain", "nordic-police", file])
        #expect(again.stdout.contains("nothing changed"))
        let wrongDomain = try cli.run(["keys", "import-shared", "--keys", denmark, "--domain", "other", file])
        #expect(wrongDomain.status == 1)

        // Police to police defaults to the shared domain: both gateways make the same pseudonyms.
        let fromNorway = try pseudonymise(keys: norway, to: "SE-POL")
        let fromDenmark = try pseudonymise(keys: denmark, to: "FI-POL")
        #expect(fromNorway.status == 0 && fromDenmark.status == 0)
        #expect(fromNorway.stdout == fromDenmark.stdout)
        // --domain local keeps the receiver's own domain.
        let local = try pseudonymise(keys: norway, to: "SE-POL", extra: ["--domain", "local"])
        #expect(local.status == 0)
        #expect(local.stdout != fromNorway.stdout)
    }
}
