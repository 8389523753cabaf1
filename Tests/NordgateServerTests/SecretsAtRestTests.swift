import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Sodium
import Testing

/// What a thief of the disk (or of a backup) of a running gateway finds: no secret key of any
/// keyring, in raw bytes, hex or base64, and no personal value of a message, in the store
/// (database, WAL, receipts) or the keyring files.
@Suite struct SecretsAtRestTests {
    static let authorities = ["NO-CA", "DK-CA"]
    /// Personal values of the example record (synthetic): pseudonymised, generalised or sealed.
    static let personalValues = [
        "Testbarn", "Prøvesen", "15831250086", "28868500060", "Testmor", "testmor.provesen@example.org",
        "+46701740611", "+447700900456", "Prøvegata 1",
    ]

    @Test func storeAndKeyringFilesOfRunningGatewaysHoldNoSecretInClear() async throws {
        let network = try TestNetwork(authorities: Self.authorities)
        let servers = try Self.authorities.map { try network.server($0) }
        let http = HTTPTestClient()
        try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: try Records.locateChild()))
            #expect(submitted.status == 202)
            let id = try #require(submitted.json["id"]?.stringValue)
            #expect(try await http.waitForState(network["NO-CA"], id: id).json["state"]?.stringValue == "delivered")
            #expect(try await http.local(network["DK-CA"], .GET, "/v1/inbox/\(id)").status == 200)

            var needles = try Self.authorities.flatMap { try Self.secretEncodings(keysFolder: network[$0].keysFolder) }
            needles += [Array(TestKeyrings.passphraseText.utf8)]
            needles += Self.personalValues.map { Array($0.utf8) }
            var scanned = 0
            for authority in Self.authorities {
                for path in try Self.files(in: [network[authority].dataFolder, network[authority].keysFolder]) {
                    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                    scanned += bytes.count
                    for needle in needles where Self.contains(bytes, needle) {
                        Issue.record("\(path) holds a secret or personal value in clear (\(needle.count) bytes)")
                    }
                }
            }
            // The store and the keyrings were really there to scan.
            #expect(scanned > 10_000)
        }
    }

    /// Every secret key of the keyring in `keysFolder`, raw, in hex and in base64 (standard and URL-safe).
    static func secretEncodings(keysFolder: String) throws -> [[UInt8]] {
        let keyring = try Keyring.open(keysFolder, passphrase: TestKeyrings.passphrase)
        var encodings: [[UInt8]] = []
        for key in keyring.keys {
            let secret = try keyring.secret(of: key).withUnsafeBytes { Array($0) }
            #expect(secret.count >= 32, "\(key.id)")
            let base64 = Base64.encode(secret)
            let urlSafe = Base64.encodeURLSafeNoPadding(secret)
            encodings += [secret, Array(Hex.encode(secret).utf8), Array(Hex.encode(secret).uppercased().utf8)]
            // Without the last, padding-dependent characters, so that a longer encoding containing it is found too.
            encodings += [Array(base64.utf8.prefix(40)), Array(urlSafe.utf8.prefix(40))]
        }
        return encodings
    }

    /// The regular files under `folders`, recursively.
    static func files(in folders: [String]) throws -> [String] {
        var paths: [String] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = (folder as NSString).appendingPathComponent(relative)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue { paths.append(path) }
            }
        }
        return paths
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
