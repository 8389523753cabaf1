import Foundation
import NordgateCore
import Sodium
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Final receipts of messages that went through a relay: the relay's own receipt sits in the
/// outbox row; the final receiver's receipt, fetched later, is kept here.
///
/// An append-only file `final-receipts.jsonl` in the data folder (mode 0600), one line
/// `<envelope id> <base64 receipt>` per receipt, fsynced before ``add(id:receipt:)`` returns.
final class FinalReceipts: Sendable {
    let path: String
    private let receipts: Mutex<[String: [UInt8]]>

    init(folder: String) throws {
        path = (folder as NSString).appendingPathComponent("final-receipts.jsonl")
        var loaded: [String: [UInt8]] = [:]
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let bytes = try? Base64.decode(String(parts[1])) else { continue }
                loaded[String(parts[0])] = bytes
            }
        }
        receipts = Mutex(loaded)
    }

    func receipt(id: String) -> [UInt8]? { receipts.withLock { $0[id] } }

    func add(id: String, receipt: [UInt8]) throws {
        guard receipts.withLock({ $0[id] }) == nil else { return }
        let line = Array("\(id) \(Base64.encode(receipt))\n".utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: "cannot open for appending") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: "write or fsync failed")
        }
        receipts.withLock { $0[id] = receipt }
    }
}
