import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Exporting the log as JSON lines and verifying the copy.
@Suite struct AuditExportTests {
    let folder: TemporaryFolder
    let pair = SigningKeyPair.generate()
    let keyID = "NO-CA.sig.20261119-0a0b0c"
    let log: AuditLog

    init() throws {
        folder = try TemporaryFolder()
        let store = try StoreFixtures.open(folder, signer: KeyAuditSigner(keyID: keyID, keyPair: pair), interval: 3)
        log = AuditLog(store: store)
        try log.append((1...7).map(StoreFixtures.event))
        try log.append(StoreFixtures.event(8))
    }

    var keys: [String: [UInt8]] { [keyID: pair.publicKey] }

    func exported() throws -> String {
        let path = folder.appending("audit.jsonl")
        try log.export(to: path)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func anExportedCopyVerifiesLikeTheStore() throws {
        let path = folder.appending("audit.jsonl")
        let counts = try log.export(to: path)
        #expect(counts.entries == 8)
        #expect(counts.checkpoints == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
        let result = AuditVerifier.verify(source: try AuditExportFile(path: path), publicKeys: keys)
        #expect(result.isValid)
        #expect(result.entries == 8)
        #expect(result.lastGoodCheckpoint?.seq == 7)
    }

    @Test func theExportHasAHeaderThenEntriesThenCheckpointsAsCanonicalJSON() throws {
        let lines = try exported().split(separator: "\n")
        #expect(lines.count == 1 + 8 + 1)
        #expect(lines[0] == #"{"format":"nordgate-audit-log","version":1}"#)
        #expect(lines[1].hasPrefix(#"{"actor":"system","details":{"n":"1","peer":"DK-CA"},"hash":""#))
        #expect(lines[9].hasPrefix(#"{"hash":""#))
        #expect(lines[9].contains(#""record":"checkpoint""#))
    }

    @Test func exportRefusesToOverwriteAFile() throws {
        let path = folder.appending("audit.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        #expect(throws: StoreError.self) { try log.export(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }

    @Test func aChangedLineInTheCopyIsFound() throws {
        let text = try exported().replacingOccurrences(of: #""n":"4""#, with: #""n":"5""#)
        let result = AuditVerifier.verify(source: try AuditExportFile(bytes: Array(text.utf8)), publicKeys: keys)
        #expect(result.firstBreak == .init(seq: 4, reason: .hashMismatch))
    }

    @Test func reorderedOrRemovedLinesInTheCopyAreFound() throws {
        var lines = try exported().split(separator: "\n").map(String.init)
        lines.swapAt(3, 4)
        let swapped = AuditVerifier.verify(
            source: try AuditExportFile(bytes: Array(lines.joined(separator: "\n").utf8)),
            publicKeys: keys
        )
        #expect(swapped.firstBreak?.seq == 3)
        lines.swapAt(3, 4)
        lines.remove(at: 8)
        let truncated = AuditVerifier.verify(
            source: try AuditExportFile(bytes: Array(lines.joined(separator: "\n").utf8)),
            publicKeys: keys
        )
        #expect(truncated.firstBreak == nil)
        #expect(
            truncated.isValid,
            "an unsigned tail can be cut; \(truncated.entriesAfterLastCheckpoint) entries were unsigned"
        )
        lines.remove(at: 7)
        let belowCheckpoint = AuditVerifier.verify(
            source: try AuditExportFile(bytes: Array(lines.joined(separator: "\n").utf8)),
            publicKeys: keys
        )
        #expect(belowCheckpoint.firstBreak == .init(seq: 7, reason: .truncated(checkpoint: 7)))
    }

    @Test(arguments: [
        "", "{}\n", "not json\n", #"{"format":"nordgate-audit-log","version":2}"#,
        #"{"format":"nordgate-audit-log","version":1}"# + "\n" + #"{"record":"entry"}"#,
        #"{"format":"nordgate-audit-log","version":1}"# + "\n" + #"{"record":"other","seq":1}"#,
    ])
    func malformedExportFilesAreRefusedWithTheLine(_ text: String) {
        #expect(throws: StoreError.self) { try AuditExportFile(bytes: Array(text.utf8)) }
    }
}
