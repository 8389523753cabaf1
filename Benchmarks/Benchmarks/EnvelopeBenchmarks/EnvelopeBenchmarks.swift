// Envelope sealing and opening next to the raw libsodium work they are made of, measured in the same run.
// Each "Raw …" benchmark does only the primitives the envelope benchmark of the same name needs, so
// envelope throughput / raw throughput is the share the envelope format keeps (docs/benchmarks.md, "Envelope").
// Run from Benchmarks/: swift package benchmark --target EnvelopeBenchmarks
import Benchmark
import Foundation
import NordgateCore
import Sodium

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    let network = try! BenchmarkNetwork()
    let payload = [UInt8](repeating: 0x61, count: 4096)
    let now = Date()

    for count in [1, 5] {
        let to = Array(BenchmarkNetwork.recipients.prefix(count))
        let recipients = try! EnvelopeRecipient.resolve(to, in: network.senderPeers)
        let sealed = try! network.sealer.seal(payload: payload, type: "police.hit-query.v1", to: recipients, now: now)
        let opener = network.openers[to[0]]!
        // Preconditions keep a broken setup from producing figures for work that was never done.
        precondition(try! opener.open(sealed.bytes, now: now).payload == payload)

        Benchmark("Envelope seal+sign 4 KB, \(count) recipient(s)") { _ in
            blackHole(try! network.sealer.seal(payload: payload, type: "police.hit-query.v1", to: recipients, now: now))
        }
        Benchmark("Envelope verify+open 4 KB, \(count) recipient(s)") { _ in
            blackHole(try! opener.open(sealed.bytes, now: now))
        }

        // The primitives alone: one AEAD over 4 KB, `count` sealed boxes, one signature over the envelope's size.
        let contentKey = AEAD.generateKey()
        let rawKey = contentKey.withUnsafeBytes { Array($0) }
        let nonce = AEAD.generateNonce()
        let header = [UInt8](repeating: 0x68, count: 600)
        let message = [UInt8](repeating: 0x65, count: sealed.bytes.count)
        let signer = SigningKeyPair.generate()
        let publicKeys = recipients.map(\.publicKey)
        let ciphertext = try! AEAD.seal(payload, key: contentKey, nonce: nonce, associatedData: header)
        let signature = signer.sign(message)
        let box = try! SealedBox.seal(rawKey, to: publicKeys[0])
        let pair = network.recipientKeyPairs[to[0]]!
        Benchmark("Raw sign+AEAD+\(count) seal(s) 4 KB") { _ in
            blackHole(try! AEAD.seal(payload, key: contentKey, nonce: nonce, associatedData: header))
            for publicKey in publicKeys { blackHole(try! SealedBox.seal(rawKey, to: publicKey)) }
            blackHole(signer.sign(message))
        }
        Benchmark("Raw verify+unseal+AEAD 4 KB (\(count)-recipient size)") { _ in
            blackHole(Signature.verify(signature, message: message, publicKey: signer.publicKey))
            blackHole(try! SealedBox.open(box, with: pair))
            blackHole(try! AEAD.open(ciphertext, key: contentKey, nonce: nonce, associatedData: header))
        }
    }

    let attachmentSize = 25 << 20
    let files = network.folder + "/attachments"
    try! FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
    let plain = files + "/plain"
    let chunk = [UInt8](repeating: 0x42, count: 64 * 1024)
    _ = FileManager.default.createFile(atPath: plain, contents: nil)
    let writer = FileHandle(forWritingAtPath: plain)!
    for _ in 0..<(attachmentSize / chunk.count) { writer.write(Data(chunk)) }
    try! writer.close()
    let dk = try! EnvelopeRecipient.resolve(["DK-CA"], in: network.senderPeers)
    let source = [EnvelopeAttachmentSource(path: plain, mediaType: "image/jpeg")]
    let withAttachment = try! network.sealer.seal(
        payload: payload, type: "police.hit-query.v1", to: dk, attachments: source, attachmentsFolder: files, now: now)
    let attachmentOpener = network.openers["DK-CA"]!
    let opened = try! attachmentOpener.open(withAttachment.bytes, now: now)
    try! opened.openAttachment(at: 0, from: withAttachment.attachmentFiles[0], to: files + "/opened")
    precondition(try! FileManager.default.attributesOfItem(atPath: files + "/opened")[.size] as? Int == attachmentSize)

    let large = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .cpuUser, .cpuSystem, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(6), maxIterations: 30)
    // Removing the previous iteration's output (freeing 26 MB of page cache) is not part of the work measured.
    Benchmark("Envelope attachment seal 25 MiB (file to file)", configuration: large) { benchmark in
        let sealed = try! network.sealer.seal(
            payload: payload, type: "police.hit-query.v1", to: dk, attachments: source, attachmentsFolder: files,
            now: now)
        benchmark.stopMeasurement()
        // Each seal writes a new <id>.bin; remove it so the run does not fill the disk.
        unlink(sealed.attachmentFiles[0])
    }
    Benchmark("Envelope attachment open 25 MiB (file to file)", configuration: large) { benchmark in
        unlink(files + "/opened")
        benchmark.startMeasurement()
        try! opened.openAttachment(at: 0, from: withAttachment.attachmentFiles[0], to: files + "/opened")
    }
    let streamKey = SecretBytes.random(count: 32)
    Benchmark("Raw secretstream seal 25 MiB (in memory)", configuration: large) { _ in
        let sealer = try! SecretStreamSealer(key: streamKey)
        let chunks = attachmentSize / chunk.count
        for index in 0..<chunks { blackHole(try! sealer.seal(chunk, isFinal: index == chunks - 1)) }
    }
    let aeadKey = AEAD.generateKey()
    let aeadNonce = AEAD.generateNonce()
    Benchmark("Raw AEAD seal 25 MiB in 64 KiB messages (in memory)", configuration: large) { _ in
        for _ in 0..<(attachmentSize / chunk.count) {
            blackHole(try! AEAD.seal(chunk, key: aeadKey, nonce: aeadNonce))
        }
    }
    let digestKey = SecretBytes.random(count: 32)
    Benchmark("Raw BLAKE2b 25 MiB in 64 KiB messages (in memory)", configuration: large) { _ in
        for _ in 0..<(attachmentSize / chunk.count) { blackHole(try! GenericHash.keyedHash(chunk, key: digestKey)) }
    }
}

/// Keyrings for NO-CA (the sender) and five recipients, with descriptors exchanged, in a temporary folder.
struct BenchmarkNetwork {
    static let recipients = ["DK-CA", "SE-CA", "FI-CA", "IS-CA", "NO-POL"]

    let folder: String
    let sealer: EnvelopeSealer
    let senderPeers: PeerDirectory
    let openers: [String: EnvelopeOpener]
    let recipientKeyPairs: [String: BoxKeyPair]

    init() throws {
        folder = NSTemporaryDirectory() + "nordgate-envelope-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let passphrase = { SecretBytes(copying: Array("benchmark passphrase".utf8)) }
        var keyrings: [String: Keyring] = [:]
        for authority in ["NO-CA"] + Self.recipients {
            keyrings[authority] = try Keyring.create(
                in: folder + "/" + authority, authority: authority, passphrase: passphrase(), cost: .minimum)
        }
        for (sender, ring) in keyrings {
            let descriptor = try PublicDescriptor.make(from: ring)
            for receiver in keyrings.keys where receiver != sender {
                _ = try PeerDirectory.modify(folder + "/" + receiver, passphrase: passphrase()) { directory, own in
                    try directory.importDescriptor(descriptor, trustNew: true, ownAuthority: own.authority)
                }
            }
        }
        let sender = try Keyring.open(folder + "/NO-CA", passphrase: passphrase())
        sealer = try EnvelopeSealer(keyring: sender)
        senderPeers = try PeerDirectory.load(for: sender)
        var openers: [String: EnvelopeOpener] = [:]
        var pairs: [String: BoxKeyPair] = [:]
        for authority in Self.recipients {
            let ring = try Keyring.open(folder + "/" + authority, passphrase: passphrase())
            openers[authority] = EnvelopeOpener(keyring: ring, peers: try PeerDirectory.load(for: ring))
            pairs[authority] = try ring.boxKeyPair(for: try ring.activeKey(kind: .encryption))
        }
        self.openers = openers
        recipientKeyPairs = pairs
    }
}
