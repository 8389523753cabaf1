import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NordgateCore
import ServiceLifecycle
import Synchronization

/// Sends the outbox to the peers: one loop per peer over mutual TLS with connection reuse,
/// retries with exponential backoff and jitter, expiry to dead letters, and receipt checks
/// before a message counts as delivered. At-least-once: a crash leaves rows `delivering`,
/// which start-up puts back in the queue, and receivers answer repeats with the same receipt.
struct DeliveryWorker: Service {
    let gateway: Gateway
    let client: HTTPClient
    let follower: FinalReceiptFollower

    func run() async throws {
        let reset = try await gateway.store.recoverInFlight(now: Date())
        if reset > 0 { gateway.logger.notice("requeued in-flight messages after restart", metadata: ["count": "\(reset)"]) }
        await withTaskGroup(of: Void.self) { group in
            for peer in gateway.configuration.peers {
                group.addTask { await loop(peer) }
            }
            group.addTask { await follower.run() }
        }
    }

    /// Keeps up to `batchSize` deliveries to `peer` in flight: claims more due messages whenever
    /// half of them have finished, and sleeps until woken or something falls due when none are left.
    private func loop(_ peer: GatewayConfiguration.Peer) async {
        let window = gateway.configuration.delivery.batchSize
        var seen = gateway.wake.current
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                var claimed = 0
                if inFlight <= window / 2 {
                    do {
                        let claim = try await gateway.store.claimDue(peer: peer.authority, now: Date(), limit: window - inFlight)
                        for id in claim.expired {
                            gateway.metrics.deliveryFailed(peer: peer.authority, code: "expired")
                            try? await gateway.record("message.expire", actor: "system", subject: id, details: ["peer": peer.authority])
                            gateway.logger.warning(
                                "message expired undelivered", metadata: ["envelope.id": "\(id)", "peer": "\(peer.authority)"])
                        }
                        for record in claim.messages {
                            group.addTask { await deliver(record, to: peer) }
                        }
                        claimed = claim.messages.count
                        inFlight += claimed
                    } catch {
                        gateway.logger.error("delivery loop error", metadata: ["peer": "\(peer.authority)", "error": "\(error)"])
                        if inFlight == 0 {
                            seen = await wakeOrShutdown(after: seen, timeout: gateway.configuration.delivery.pollInterval)
                            continue
                        }
                    }
                }
                if inFlight > window / 2 || (claimed == 0 && inFlight > 0) {
                    // Room is made by finished deliveries; a message queued meanwhile waits for at most one of them.
                    await group.next()
                    inFlight -= 1
                    continue
                }
                if claimed > 0 { continue }
                var timeout = gateway.configuration.delivery.pollInterval
                if let due = try? await gateway.store.nextDue(peer: peer.authority) {
                    timeout = max(0.02, min(timeout, due.timeIntervalSinceNow))
                }
                seen = await wakeOrShutdown(after: seen, timeout: timeout)
            }
        }
    }

    private func wakeOrShutdown(after seen: UInt64, timeout: TimeInterval) async -> UInt64 {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var seen = seen
        while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let next = await gateway.wake.wait(after: seen, timeout: .milliseconds(100))
            if next != seen { return next }
            seen = next
        }
        return seen
    }

    /// One attempt for one message.
    private func deliver(_ record: OutboxRecord, to peer: GatewayConfiguration.Peer) async {
        let start = ContinuousClock.now
        let outcome = await attempt(record, to: peer)
        let now = Date()
        switch outcome {
        case .delivered(let receipt, let parsed):
            let event = AuditEvent(
                kind: "message.deliver", actor: "system", subject: record.id,
                details: ["peer": peer.authority, "receipt": parsed.status.rawValue, "receiptFrom": parsed.from], time: now)
            do {
                try await gateway.store.markDelivered(id: record.id, receipt: receipt, now: now, audit: [event])
            } catch {
                gateway.logger.error("marking delivered failed", metadata: ["envelope.id": "\(record.id)", "error": "\(error)"])
                return
            }
            // The receiver holds the attachments now, durably; the sender's encrypted copies can go.
            gateway.attachments.remove(gateway.attachments.outboxFolder(record.id))
            let elapsed = ContinuousClock.now - start
            gateway.metrics.delivered(
                peer: peer.authority,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if let accepted = record.acceptedAt {
                gateway.metrics.latency(peer: peer.authority, seconds: max(0, now.timeIntervalSince(accepted)))
            }
            gateway.logger.info(
                "message delivered",
                metadata: ["envelope.id": "\(record.id)", "peer": "\(peer.authority)", "receipt.status": "\(parsed.status.rawValue)"])
            if parsed.status == .relayed { follower.expect(record.id) }
        case .failed(let code, let permanent):
            let delivery = gateway.configuration.delivery
            let attempts = record.attempts + 1
            let giveUp = permanent || (delivery.maxAttempts > 0 && attempts >= delivery.maxAttempts)
            let next: Date? = giveUp ? nil : now.addingTimeInterval(Backoff.delay(attempt: attempts, delivery: delivery))
            gateway.metrics.deliveryFailed(peer: peer.authority, code: code)
            do {
                let state = try await gateway.store.markFailed(id: record.id, error: code, nextAttempt: next, now: now)
                if state == .dead {
                    try? await gateway.record("message.dead", actor: "system", subject: record.id, details: ["peer": peer.authority, "code": code])
                }
            } catch {
                gateway.logger.error("marking failed failed", metadata: ["envelope.id": "\(record.id)", "error": "\(error)"])
            }
            gateway.logger.notice(
                "delivery attempt failed",
                metadata: ["envelope.id": "\(record.id)", "peer": "\(peer.authority)", "code": "\(code)", "attempt": "\(attempts)"])
        }
    }

    private enum Outcome {
        case delivered([UInt8], Receipt)
        case failed(code: String, permanent: Bool)
    }

    private func attempt(_ record: OutboxRecord, to peer: GatewayConfiguration.Peer) async -> Outcome {
        if let failure = await uploadAttachments(record, to: peer) { return failure }
        var request = HTTPClientRequest(url: peer.url + "/v1/envelopes")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: record.message.envelope))
        request.tlsConfiguration = gateway.tls.clientConfiguration
        let body: [UInt8]
        let status: UInt
        do {
            let response = try await client.execute(
                request, timeout: .seconds(Int64(gateway.configuration.delivery.requestTimeout)))
            var buffer = try await response.body.collect(upTo: 1 << 16)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
            status = response.status.code
        } catch {
            return .failed(code: "peer.unreachable", permanent: false)
        }
        guard status == 200 else {
            let code = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["error"] as? String
            let safeCode = code.flatMap { $0.utf8.count <= 64 ? $0 : nil } ?? "http.\(status)"
            // Refusals that a retry cannot fix; everything else (keys not yet refreshed, rate limits, outages) is retried.
            let permanent = [400, 409, 413].contains(status) || safeCode == "envelope.expired"
            return .failed(code: safeCode, permanent: permanent)
        }
        guard let receipt = try? Receipt.parse(body), check(receipt, for: record, peer: peer.authority) else {
            return .failed(code: "receipt.invalid", permanent: false)
        }
        return .delivered(body, receipt)
    }

    /// Uploads the envelope's encrypted attachment files before the envelope itself (each attempt
    /// uploads them all again: the receiver keeps only what a stored envelope claims).
    /// - Returns: the failure, or `nil` when there was nothing to upload or everything was taken.
    private func uploadAttachments(_ record: OutboxRecord, to peer: GatewayConfiguration.Peer) async -> Outcome? {
        let folder = gateway.attachments.outboxFolder(record.id)
        guard FileManager.default.fileExists(atPath: folder) else { return nil }
        guard let header = try? Envelope.parse(record.message.envelope).header else {
            return .failed(code: "attachment.unreadable", permanent: true)
        }
        for attachment in header.attachments {
            let path = (folder as NSString).appendingPathComponent("\(attachment.id).bin")
            guard let chunks = FileChunks(path: path) else { return .failed(code: "attachment.missing-locally", permanent: true) }
            var request = HTTPClientRequest(url: peer.url + "/v1/envelopes/\(record.id)/attachments/\(attachment.id)")
            request.method = .PUT
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            request.body = .stream(chunks, length: .known(Int64(attachment.encryptedLength)))
            request.tlsConfiguration = gateway.tls.clientConfiguration
            do {
                let response = try await client.execute(
                    request, timeout: .seconds(Int64(gateway.configuration.delivery.requestTimeout)))
                _ = try await response.body.collect(upTo: 1 << 16)
                guard response.status == .noContent || response.status == .ok else {
                    return .failed(code: "attachment.http.\(response.status.code)", permanent: response.status.code == 413)
                }
            } catch {
                return .failed(code: "peer.unreachable", permanent: false)
            }
        }
        return nil
    }

    /// A receipt proves delivery only if it names this envelope and digest, comes from the
    /// peer (a relay) or the addressed receiver, and verifies with the issuer's descriptor.
    private func check(_ receipt: Receipt, for record: OutboxRecord, peer: String) -> Bool {
        guard receipt.envelopeId == record.id, receipt.envelopeDigest == record.message.digest,
            receipt.from == peer
        else { return false }
        switch receipt.status {
        case .accepted: guard record.message.recipients.contains(peer) else { return false }
        case .relayed: guard !record.message.recipients.contains(peer) else { return false }
        }
        guard let descriptor = gateway.keys.snapshot.directory.peers.first(where: { $0.authority == receipt.from })?.descriptor
        else { return false }
        return receipt.verifies(with: descriptor)
    }
}

/// Retry delays: `retryBase × 2^(attempt−1)`, capped at `retryMax`, spread by ± `jitter`.
enum Backoff {
    static func delay(attempt: Int, delivery: GatewayConfiguration.Delivery, random: Double = .random(in: -1...1)) -> Double {
        let exponential = delivery.retryBase * pow(2, Double(min(max(attempt - 1, 0), 30)))
        let capped = min(exponential, delivery.retryMax)
        return max(0.05, capped * (1 + delivery.jitter * random))
    }
}
