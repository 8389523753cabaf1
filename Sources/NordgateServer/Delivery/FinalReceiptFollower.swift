import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NordgateCore
import ServiceLifecycle
import Synchronization

/// Fetches the final receiver's receipt for messages a relay took: asks the relay
/// (`GET /v1/receipts/{id}`) until it has forwarded the envelope and holds the receipt, checks
/// it with the final receiver's descriptor, and keeps it as proof in ``FinalReceipts``.
final class FinalReceiptFollower: Sendable {
    let gateway: Gateway
    let client: HTTPClient
    private let pending = Mutex<Set<String>>([])

    init(gateway: Gateway, client: HTTPClient) {
        self.gateway = gateway
        self.client = client
    }

    /// Starts following `id`.
    func expect(_ id: String) { _ = pending.withLock { $0.insert(id) } }

    func run() async {
        // Messages delivered to a relay before a restart whose final receipt is still missing.
        if let rows = try? await gateway.store.listOutbox(states: [.delivered], peer: nil, limit: StoreLimits.maxListLimit) {
            for row in rows where gateway.finalReceipts.receipt(id: row.id) == nil {
                if let bytes = row.receipt, let receipt = try? Receipt.parse(bytes), receipt.status == .relayed {
                    expect(row.id)
                }
            }
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            for id in pending.withLock({ Array($0) }) {
                if await fetch(id) { _ = pending.withLock { $0.remove(id) } }
            }
            let deadline = ContinuousClock.now + .seconds(Int64(max(1, gateway.configuration.delivery.pollInterval)))
            while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// - Returns: `true` when the final receipt is stored (or the row is gone).
    private func fetch(_ id: String) async -> Bool {
        let found: OutboxRecord?
        do { found = try await gateway.store.outboxRecord(id: id) } catch { return false }
        guard let record = found, let peer = gateway.configuration.peer(record.message.peer) else { return true }
        var request = HTTPClientRequest(url: peer.url + "/v1/receipts/" + id)
        request.tlsConfiguration = gateway.tls.clientConfiguration
        guard let response = try? await client.execute(request, timeout: .seconds(10)), response.status.code == 200,
            var buffer = try? await response.body.collect(upTo: 1 << 16)
        else { return false }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let receipt = try? Receipt.parse(bytes), receipt.status == .accepted, receipt.envelopeId == id,
            receipt.envelopeDigest == record.message.digest, record.message.recipients.contains(receipt.from),
            let descriptor = gateway.keys.snapshot.directory.peers.first(where: { $0.authority == receipt.from })?.descriptor,
            receipt.verifies(with: descriptor)
        else { return false }
        do { try gateway.finalReceipts.add(id: id, receipt: bytes) } catch { return false }
        try? await gateway.record("receipt.final", actor: "system", subject: id, details: ["from": receipt.from, "via": peer.authority])
        gateway.logger.info("final receipt stored", metadata: ["envelope.id": "\(id)", "receipt.from": "\(receipt.from)"])
        return true
    }
}
