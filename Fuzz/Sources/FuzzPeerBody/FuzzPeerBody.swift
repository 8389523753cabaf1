import Dispatch
import Foundation
import FuzzDriver
@testable import FuzzedNordgateServer
import JSONSchema
import Logging
import NordgateCore
import Sodium

/// libFuzzer entry point: the peer API's body path, `EnvelopeReceiver.receive`, called directly
/// on a DK-CA gateway (temporary keyrings and store) as if NO-CA had sent the bytes over mTLS.
///
/// The first byte picks what is done with the rest:
/// - 0: the bytes are the body (must be refused with a ``RelayError``, never crash);
/// - 1: the bytes are a payload sealed properly by NO-CA: accepted with a receipt signed by
///   DK-CA, and a second delivery gets the same receipt bytes (no duplicate);
/// - 2: as 1, with one byte changed: refused;
/// - 3: as 1, handed over by a peer that is not the sender: refused;
/// - 4: the bytes are a batch body (`POST /v1/envelopes/batch`): refused as a whole with a ``RelayError``,
///   or answered with one error line per envelope, never a receipt.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPeerBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0] % 5
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let receiver = PeerFixture.receiver
    if mode == 0 {
        if case .success = blocking({ try await receiver.receive(rest, from: "NO-CA") }) {
            // Only a validly signed envelope can be accepted, and the fuzzer cannot sign.
            fatalError("an unsigned body was accepted")
        }
        return 0
    }
    if mode == 4 {
        guard let lines = try? EnvelopeBatch.split(rest, maxCount: 64) else { return 0 }
        guard case .success(let answers) = blocking({ await receiver.receive(batch: lines, from: "NO-CA") }),
            answers.count == lines.count, answers.allSatisfy({ $0.starts(with: Array(#"{"error":"#.utf8)) })
        else { fatalError("a batch of unsigned envelopes was not answered with one error line each") }
        return 0
    }
    guard
        let sealed = try? PeerFixture.sealer.seal(
            payload: rest, type: "central-authority.child-report.v1", to: PeerFixture.recipients)
    else { return 0 }
    switch mode {
    case 1:
        guard case .success(let receipt) = blocking({ try await receiver.receive(sealed.bytes, from: "NO-CA") }),
            let parsed = try? Receipt.parse(receipt), parsed.status == .accepted, parsed.verifies(with: PeerFixture.receiverDescriptor)
        else { fatalError("a sealed envelope was not accepted with a valid receipt") }
        guard case .success(let again) = blocking({ try await receiver.receive(sealed.bytes, from: "NO-CA") }), again == receipt
        else { fatalError("a repeated delivery did not get the same receipt") }
    case 2:
        var changed = sealed.bytes
        let position = rest.reduce(size) { ($0 &* 31 &+ Int($1)) & 0x7FFF_FFFF } % changed.count
        changed[position] ^= (rest.first ?? 0) | 1
        let tampered = changed
        if case .success = blocking({ try await receiver.receive(tampered, from: "NO-CA") }) {
            fatalError("an envelope with a changed byte was accepted")
        }
    default:
        if case .success = blocking({ try await receiver.receive(sealed.bytes, from: "SE-CA") }) {
            fatalError("an envelope handed over by a peer that is not its sender was accepted")
        }
    }
    return 0
}

/// Runs `body` on the cooperative pool and waits for it (libFuzzer calls us synchronously).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return box.result!
}

// Written by one task before the semaphore is signalled, read after the wait: never concurrently.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// DK-CA's gateway and NO-CA's sealer, made once in a temporary folder.
enum PeerFixture {
    static let passphrase = "fuzz passphrase, not secret"
    static let folder: String = {
        var template = Array("\(NSTemporaryDirectory())/nordgate-fuzz-peer-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("no temporary folder") }
        return String(cString: made)
    }()
    static let sender = makeKeyring("NO-CA")
    static let receiverKeyring = makeKeyring("DK-CA")
    static let receiverDescriptor = try! PublicDescriptor.parse(try! PublicDescriptor.make(from: receiverKeyring))
    static let sealer = try! EnvelopeSealer(keyring: sender)
    static let recipients: [EnvelopeRecipient] = try! PeerDirectory.modify(sender.folder, passphrase: secret()) {
        directory, _ in
        _ = try directory.importDescriptor(
            try PublicDescriptor.make(from: receiverKeyring), trustNew: true, ownAuthority: "NO-CA")
        return try EnvelopeRecipient.resolve(["DK-CA"], in: directory)
    }
    static let receiver: EnvelopeReceiver = {
        _ = recipients
        try! PeerDirectory.modify(receiverKeyring.folder, passphrase: secret()) { directory, _ in
            _ = try directory.importDescriptor(try PublicDescriptor.make(from: sender), trustNew: true, ownAuthority: "DK-CA")
        }
        let pki = try! DevelopmentPKI()
        let identity = try! pki.issue(authority: "DK-CA")
        for (name, text) in [("cert.pem", identity.certificatePEM), ("key.pem", identity.privateKeyPEM), ("ca.pem", pki.caPEM)] {
            guard FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data(text.utf8)) else {
                fatalError("cannot write \(name)")
            }
        }
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Schemas").standardizedFileURL.path
        let hash = String(repeating: "ab", count: 32)
        let configuration = try! JSONParser.parse(
            """
            {"authority": "DK-CA", "keys": "\(receiverKeyring.folder)", "data": "\(folder)/data", "schemas": "\(schemas)",
             "peerListener": {"port": 0, "certificate": "cert.pem", "privateKey": "key.pem", "caBundle": "ca.pem"},
             "localListener": {"port": 0, "tokens": [{"name": "fuzz", "role": "caseworker", "hash": "\(hash)"}]},
             "peers": [{"authority": "NO-CA", "url": "https://127.0.0.1:1"}, {"authority": "SE-CA", "url": "https://127.0.0.1:2"}]}
            """)
        let gateway = try! Gateway(
            configuration: try! GatewayConfiguration.parse(configuration, base: folder, environment: [:]),
            passphrase: secret(), logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
        return EnvelopeReceiver(gateway: gateway)
    }()

    static func secret() -> SecretBytes { SecretBytes(copying: Array(passphrase.utf8)) }

    static func makeKeyring(_ authority: String) -> Keyring {
        try! Keyring.create(in: "\(folder)/\(authority)", authority: authority, passphrase: secret(), cost: .minimum)
    }
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzPeerBody(_:_:)``.
@_cdecl("FuzzPeerBody_main")
public func fuzzPeerBodyMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
